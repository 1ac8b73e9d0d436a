"use client";

import dynamic from "next/dynamic";

/** Boards to drop a dragged picture on: loaded with the first drag, not the first paint. */
export const BoardDropTargets = dynamic(() => import("./board-drop-targets").then((module) => module.BoardDropTargets), { ssr: false });
