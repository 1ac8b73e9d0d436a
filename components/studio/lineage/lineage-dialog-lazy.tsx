"use client";

import dynamic from "next/dynamic";
import { withLazyPart } from "@/components/studio/lazy/lazy-part";

/**
 * The lineage opens on a click, never with the first paint, so its drawing code arrives after
 * hydration instead of with the page; a click before that opens it as soon as it arrives.
 */
export const LineageDialog = withLazyPart(dynamic(() => import("./lineage-dialog").then((module) => module.LineageDialog), { ssr: false }));
