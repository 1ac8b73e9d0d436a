"use client";

import dynamic from "next/dynamic";
import { withLazyPart } from "@/components/studio/lazy/lazy-part";

/** Boards to drop a dragged picture on: loaded with the first drag, not the first paint. */
export const BoardDropTargets = withLazyPart(dynamic(() => import("./board-drop-targets").then((module) => module.BoardDropTargets), { ssr: false }));
