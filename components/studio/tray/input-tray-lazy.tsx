"use client";

import dynamic from "next/dynamic";
import { withLazyPart } from "@/components/studio/lazy/lazy-part";

/**
 * The inputs strip shows only once something is in it, which never happens before the page has
 * hydrated (the stored inputs are read in the browser), so its code, drag and drop included,
 * arrives after the first paint.
 */
export const InputTray = withLazyPart(dynamic(() => import("./input-tray").then((module) => module.InputTray), { ssr: false }));
