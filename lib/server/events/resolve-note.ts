import "server-only";
import { toGenerationView, toImageView } from "@/lib/shared/gallery/view";
import type { LiveEvent } from "@/lib/shared/live-events";
import type { GenerationRecord, GenerationWithOutputs, ImageRecord, Store } from "@/lib/server/store";
import { visitorTopic } from "./bus";
import type { EventNote, ResolveNote } from "./postgres-bus";

/** A job's news for its visitor's pages, with its outputs as stored (pushed-thumbnails.ts pairs them). */
interface GenerationEvent {
  visitorId: string;
  event: LiveEvent;
  outputs: ImageRecord[];
}

/** How a process shows a job it may hold an unwritten end of (see jobs/unrecorded-ends.ts). */
type Surface = (generation: GenerationRecord) => GenerationRecord;

/**
 * A job's card as its visitor's pages should show it now, whose pages those are, and its outputs as
 * stored (their output indexes pair them with what the job made); null once it is gone.
 */
export async function generationEvent(
  store: Store,
  surface: Surface,
  generationId: string,
): Promise<GenerationEvent | null> {
  const record = await store.runs.get(generationId);
  const found = record && (await store.generations.withOutputs(record.visitorId, generationId));
  if (!record || !found) return null;
  return writtenEvent({ generation: surface(found.generation), outputs: found.outputs });
}

/** The same, from a job in hand: as the write that created or finished it returned it. */
export function writtenEvent({ generation, outputs }: GenerationWithOutputs): GenerationEvent {
  return { visitorId: generation.visitorId, event: { type: "generation", generation: toGenerationView(generation, outputs) }, outputs };
}

/** Reads what a change notification names, for pages on this process (see postgres-bus.ts). */
export function noteResolver(store: Store, surface: Surface): ResolveNote {
  return async (note: EventNote) => {
    switch (note.type) {
      case "generation": {
        const found = await generationEvent(store, surface, note.id);
        // A note names its topic; the record's own visitor decides whose pages see it.
        return found && visitorTopic(found.visitorId) === note.topic ? found.event : null;
      }
      case "images-added": {
        const visitorId = visitorOf(note.topic);
        if (!visitorId) return null;
        const images = await Promise.all(note.ids.map((id) => store.images.get(visitorId, id)));
        const found = images.filter((image) => image !== null);
        return found.length > 0 ? { type: "images-added", images: found.map(toImageView) } : null;
      }
      case "image-deleted":
        return { type: "image-deleted", imageId: note.id };
      case "resync":
        return { type: "resync" };
      case "share-changed":
        return { type: "share-changed" };
    }
  };
}

function visitorOf(topic: string): string | null {
  const prefix = visitorTopic("");
  return topic.startsWith(prefix) ? topic.slice(prefix.length) : null;
}
