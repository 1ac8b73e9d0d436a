import "server-only";
import { visitorTopic, type EventBus } from "@/lib/server/events/bus";
import { pushedThumbnails } from "@/lib/server/events/pushed-thumbnails";
import { generationEvent, writtenEvent } from "@/lib/server/events/resolve-note";
import { announceImages } from "@/lib/server/shares/announce";
import type { GenerationRecord, GenerationWithOutputs, Store } from "@/lib/server/store";
import { isPending } from "@/lib/shared/gallery/view";

/** What an announcement may carry besides the job's id. */
export interface Announcement {
  /** A finished job's thumbnails, by output index (lib/server/events/pushed-thumbnails.ts). */
  made?: readonly (Buffer | null)[];
  /**
   * The job (with its outputs) as the write that changed it returned it: created, or succeeded.
   * Read back, the reads would hold the event loop while a provider call is being sent, and under
   * many jobs at once wait behind the other jobs' writes.
   */
  written?: GenerationWithOutputs;
}

interface AnnouncerOptions {
  store: Store;
  /** None: nothing is announced (a runner in a script, or a test without pages). */
  events?: EventBus;
  /** How this process shows a job it may hold an unwritten end of. */
  surface: (generation: GenerationRecord) => GenerationRecord;
  unrecordedEnd: (generationId: string) => unknown;
}

/**
 * Tells a job's visitor's pages of each change to it: created, running, finished or canceled.
 * Returns `announceQuietly`: one job's announcements go out in the order its changes were made
 * (each tells the job as it is then, read or as its write returned it), so a page never hears
 * "queued" after "succeeded". One that fails (a store read) must not fail the change it announces;
 * the page's next resync repairs it.
 */
export function createAnnouncer({ store, events, surface, unrecordedEnd }: AnnouncerOptions) {
  /**
   * What each unfinished job's pages were last told. The read that announces a job's creation can
   * find it already running, and the runner then announces "running" itself: the same event twice,
   * which the pages would each apply and render. Entries go once the job has finished.
   */
  const lastTold = new Map<string, string>();

  async function announce(generationId: string, { made, written }: Announcement = {}): Promise<void> {
    if (!events) return;
    const found = written ? writtenEvent(written) : await generationEvent(store, surface, generationId);
    if (!found) return;
    const told = JSON.stringify(found.event);
    if (lastTold.get(generationId) === told) return;
    const generation = found.event.type === "generation" ? found.event.generation : null;
    if (generation && isPending(generation)) lastTold.set(generationId, told);
    else lastTold.delete(generationId);
    // A finished job's thumbnails go with it to the pages listening now.
    const thumbnails = generation?.status === "succeeded" && made ? pushedThumbnails(found.outputs, made) : undefined;
    const event = generation && thumbnails ? { ...found.event, thumbnails } : found.event;
    // An end this process could not write has no write to carry its note: it is sent by hand.
    if (unrecordedEnd(generationId)) events.publish(visitorTopic(found.visitorId), event);
    else events.publishStored(visitorTopic(found.visitorId), event);
    // Outputs that landed on a board (the auto-add board) show on that board's shared pages at once.
    if (generation?.status === "succeeded" && generation.outputs.length > 0) {
      await announceImages({ store, events }, found.visitorId, generation.outputs.map((image) => image.id));
    }
  }

  const announcing = new Map<string, Promise<void>>();
  return (generationId: string, announcement?: Announcement): Promise<void> => {
    const next = (announcing.get(generationId) ?? Promise.resolve())
      .then(() => announce(generationId, announcement))
      .catch((error: unknown) => console.error(`Job ${generationId}: its change could not be announced.`, error));
    announcing.set(generationId, next);
    void next.then(() => {
      if (announcing.get(generationId) === next) announcing.delete(generationId);
    });
    return next;
  };
}
