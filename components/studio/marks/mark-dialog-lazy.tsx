"use client";

import dynamic from "next/dynamic";

/** The marking view and its drawing code arrive on the first Mark click, never with the page. */
export const MarkDialog = dynamic(() => import("./mark-dialog").then((module) => module.MarkDialog), { ssr: false });
