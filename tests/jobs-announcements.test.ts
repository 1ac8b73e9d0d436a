import { afterEach, describe, expect, it } from "vitest";
import { visitorTopic } from "@/lib/server/events/bus";
import { createInProcessBus } from "@/lib/server/events/in-process-bus";
import type { LiveEvent } from "@/lib/shared/live-events";
import { textJob, useJobsHarness, waitForStatus } from "./support/jobs-harness";

const VISITOR = "AnnounceAnnounceAnno01";
const harnesses = useJobsHarness();
afterEach(() => harnesses.cleanup());

describe("a job's announcements", () => {
  it("tell its visitor each change once, in order: created, running, succeeded", async () => {
    const harness = await harnesses.open({ fake: { latencyMs: 200 } });
    const bus = createInProcessBus();
    const heard: LiveEvent[] = [];
    bus.subscribe(visitorTopic(VISITOR), ({ event }) => heard.push(event));
    const jobs = harness.createJobs({ events: bus });

    for (let round = 0; round < 5; round++) {
      heard.length = 0;
      const job = await jobs.start(VISITOR, textJob(`a kite over the dunes, take ${round}`));
      await waitForStatus(harness.store, VISITOR, job.id, "succeeded");
      await jobs.idle();
      const statuses = heard.flatMap((event) => (event.type === "generation" && event.generation.id === job.id ? [event.generation.status] : []));
      expect(statuses.at(-1)).toBe("succeeded");
      expect(statuses).toContain("running");
      // Each event says something the one before did not.
      expect(statuses.filter((status, index) => index > 0 && status === statuses[index - 1])).toEqual([]);
    }
  }, 60_000);
});
