"use client";

import dynamic from "next/dynamic";
import { withLazyPart } from "@/components/studio/lazy/lazy-part";

/** The marking view and its drawing code arrive on the first Mark click, never with the page. */
export const MarkDialog = withLazyPart(dynamic(() => import("./mark-dialog").then((module) => module.MarkDialog), { ssr: false }));
