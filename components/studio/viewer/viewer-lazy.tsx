"use client";

import dynamic from "next/dynamic";
import { withLazyPart } from "@/components/studio/lazy/lazy-part";

/**
 * The viewer opens on a click, never with the first paint, so its code (and, with the shortcuts
 * list also loaded late, the Radix dialog under both) arrives after hydration instead of with the
 * page. A thumbnail clicked before that opens the viewer as soon as it arrives: `openId` waits.
 */
export const Viewer = withLazyPart(dynamic(() => import("./viewer").then((module) => module.Viewer), { ssr: false }));
