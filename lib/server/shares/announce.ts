import "server-only";
import { shareTopic, type EventBus } from "@/lib/server/events/bus";
import type { Store } from "@/lib/server/store";

interface Announcer {
  store: Store;
  events: EventBus;
}

/** Every live link of these boards hears that what it shows changed. */
export async function announceBoards({ store, events }: Announcer, boardIds: readonly string[]): Promise<void> {
  for (const link of await store.shares.ofBoards(boardIds)) events.publish(shareTopic(link.id), { type: "share-changed" });
}

/** The shared pages of every board these images are on hear that the board changed. */
export async function announceImages(announcer: Announcer, visitorId: string, imageIds: readonly string[]): Promise<void> {
  const boards = await announcer.store.boards.ofImages(visitorId, imageIds);
  await announceBoards(announcer, [...new Set([...boards.values()].flat())]);
}

/**
 * An announcement that fails (a store read) must not fail the change it follows: the change is
 * already written, and the shared page shows it at its next load.
 */
export function announceQuietly(work: Promise<void>): Promise<void> {
  return work.catch((error: unknown) => console.error("A shared page could not be told of a change.", error));
}
