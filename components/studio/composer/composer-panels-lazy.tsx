"use client";

import dynamic from "next/dynamic";
import { withLazyPart } from "@/components/studio/lazy/lazy-part";

/**
 * What the composer's two panels hold (the size presets and Custom, the seed and the safety
 * switch) is seen only once a panel opens, and its reference chips only once the tray holds a picture,
 * so their code arrives after the first paint; the composer asks for it as soon as the page is idle
 * (preloadComposerPanels), well before anyone needs it.
 */
const loadSizePanel = () => import("./size-panel");
const loadSettingsPanel = () => import("./settings-panel");
// The "Insert: Image N" chips show only once the tray holds a picture, which never happens before hydration.
const loadReferenceChips = () => import("./reference-chips");

export const SizePanel = withLazyPart(dynamic(() => loadSizePanel().then((module) => module.SizePanel), { ssr: false }));
export const SettingsPanel = withLazyPart(dynamic(() => loadSettingsPanel().then((module) => module.SettingsPanel), { ssr: false }));
export const ReferenceChips = withLazyPart(dynamic(() => loadReferenceChips().then((module) => module.ReferenceChips), { ssr: false }));

export function preloadComposerPanels(): void {
  void loadSizePanel();
  void loadSettingsPanel();
  void loadReferenceChips();
}
