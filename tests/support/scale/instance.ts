// One studio process without its pages: the app's own studio() (store, job runner, event bus), as
// `npm start` or `npm run worker` builds it from the environment, driven by JSON lines on stdin.
// Answers and the events of watched visitors come back as JSON lines on stdout.
import { createInterface } from "node:readline";
import { z } from "zod";
import { visitorTopic } from "@/lib/server/events/bus";
import { studio } from "@/lib/server/studio";
import { stopOnSignal, studioShutdown } from "@/server/shutdown";

const command = z.discriminatedUnion("op", [
  z.object({ op: z.literal("start"), tag: z.string(), visitorId: z.string(), prompt: z.string(), at: z.number().optional() }),
  z.object({ op: z.literal("cancel"), tag: z.string(), visitorId: z.string(), id: z.string() }),
  z.object({ op: z.literal("watch"), tag: z.string(), visitorId: z.string() }),
]);
type Command = z.infer<typeof command>;

const say = (message: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify(message)}\n`);

async function handle(studied: Awaited<ReturnType<typeof studio>>, given: Command): Promise<void> {
  const { jobs, events } = studied;
  switch (given.op) {
    case "start": {
      // Several processes told the same moment start together: the closest a test gets to a race.
      if (given.at) await new Promise((resolve) => setTimeout(resolve, Math.max(0, given.at! - Date.now())));
      const job = await jobs.start(given.visitorId, { settings: { prompt: given.prompt, image_size: "square" }, inputImageIds: [] });
      return say({ tag: given.tag, id: job.id });
    }
    case "cancel": {
      const job = await jobs.cancel(given.visitorId, given.id);
      return say({ tag: given.tag, status: job?.status ?? null });
    }
    case "watch":
      events.subscribe(visitorTopic(given.visitorId), ({ event }) => say({ visitorId: given.visitorId, event }));
      return say({ tag: given.tag, watching: true });
  }
}

async function main(): Promise<void> {
  const started = await studio();
  // As `npm start` does on SIGTERM: running jobs finish or are handed back before the process exits.
  stopOnSignal(studioShutdown);
  say({ ready: process.pid });
  for await (const line of createInterface({ input: process.stdin })) {
    const parsed = command.safeParse(JSON.parse(line));
    if (!parsed.success) {
      say({ error: parsed.error.message });
      continue;
    }
    void handle(started, parsed.data).catch((error: unknown) =>
      say({ tag: parsed.data.tag, error: error instanceof Error ? error.message : String(error) }),
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
