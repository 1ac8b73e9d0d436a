import { lazyModule } from "@/components/studio/lazy/lazy-module";

/** The composer's checks (zod and the settings schemas): not in the first load, fetched just after it. */
export type ComposerChecks = typeof import("./composer-checks");

export const composerChecks = lazyModule<ComposerChecks>(() => import("./composer-checks"));
