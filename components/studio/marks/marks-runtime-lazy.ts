import { lazyModule } from "@/components/studio/lazy/lazy-module";

/**
 * Marks' reader and sender (zod, the region maths): not in the first load, fetched just after it
 * to restore stored marks; a page with no marks never runs them.
 */
export const marksRuntime = lazyModule<typeof import("./marks-runtime")>(() => import("./marks-runtime"));
