import "server-only";
import type { Store } from "../types";
import type { JobQueuePart } from "../job-queue";
import type { StoreContext } from "./context";
import { exportsPart } from "./exports";
import { galleryPart } from "./gallery";
import { generationsPart } from "./generations";
import { imagesPart } from "./images";
import { lineagePart } from "./lineage";
import { runsPart } from "./runs";
import { signInsPart } from "./sign-ins";
import { usagePart } from "./usage";
import { visitorsPart } from "./visitors";
import { diskPart } from "./disk";
import { sessionsPart } from "./sessions";
import { boardsPart, favouritesPart } from "./boards";
import { sharesPart } from "./shares";

/** A store from one engine's database, tables and dialect, and one blob store. */
export function storeOfParts(context: StoreContext, jobQueue: JobQueuePart | null = null): Store {
  return {
    visitors: visitorsPart(context),
    images: imagesPart(context),
    generations: generationsPart(context),
    runs: runsPart(context),
    gallery: galleryPart(context),
    lineage: lineagePart(context),
    exports: exportsPart(context),
    usage: usagePart(context),
    signIns: signInsPart(context),
    disk: diskPart(context),
    sessions: sessionsPart(context),
    boards: boardsPart(context),
    favourites: favouritesPart(context),
    shares: sharesPart(context),
    jobQueue,
    async close() {
      await context.thumbnails.idle();
      await context.db.close();
    },
  };
}
