"use client";

import dynamic from "next/dynamic";

/**
 * Notices only ever appear after something was done, so their code (Radix Toast) arrives right
 * after hydration instead of with the first paint.
 */
export const StudioNotices = dynamic(() => import("./studio-notices").then((module) => module.StudioNotices), { ssr: false });
