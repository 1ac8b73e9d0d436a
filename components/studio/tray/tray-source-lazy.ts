import { lazyModule } from "@/components/studio/lazy/lazy-module";

/** The stored tray's reader (zod): not in the first load, fetched just after it. */
export const traySourceReader = lazyModule<typeof import("./tray-source")>(() => import("./tray-source"));
