"use client";

import dynamic from "next/dynamic";

/**
 * What the composer's two panels hold (the size presets and Custom, the seed and the safety
 * switch) is seen only once a panel opens, so its code arrives after the first paint; the composer
 * asks for it as soon as the page is idle (preloadComposerPanels), well before anyone opens one.
 */
const loadSizePanel = () => import("./size-panel");
const loadSettingsPanel = () => import("./settings-panel");

export const SizePanel = dynamic(() => loadSizePanel().then((module) => module.SizePanel), { ssr: false });
export const SettingsPanel = dynamic(() => loadSettingsPanel().then((module) => module.SettingsPanel), { ssr: false });

export function preloadComposerPanels(): void {
  void loadSizePanel();
  void loadSettingsPanel();
}
