"use client";

import { useEffect, useState } from "react";
import { applyTheme, THEME_KEY, THEMES, type Theme } from "./theme";

const LABELS: Record<Theme, string> = { system: "System", light: "Light", dark: "Dark" };
const ICONS: Record<Theme, string> = { system: "◐", light: "☀", dark: "☾" };

/** One button that cycles System → Light → Dark; its name says the current choice. */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>("system");

  useEffect(() => {
    const stored = localStorage.getItem(THEME_KEY);
    if (stored && (THEMES as readonly string[]).includes(stored)) setTheme(stored as Theme);
  }, []);

  useEffect(() => {
    if (theme !== "system") return;
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    const follow = () => applyTheme("system");
    media.addEventListener("change", follow);
    return () => media.removeEventListener("change", follow);
  }, [theme]);

  const next = () => {
    const chosen = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length]!;
    setTheme(chosen);
    localStorage.setItem(THEME_KEY, chosen);
    applyTheme(chosen);
  };

  return (
    <button
      type="button"
      onClick={next}
      aria-label={`Theme: ${LABELS[theme]}`}
      title={`Theme: ${LABELS[theme]} (click to change)`}
      className="inline-flex size-9 items-center justify-center rounded-lg border border-zinc-300 text-base hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-zinc-700 dark:hover:bg-zinc-800"
    >
      <span aria-hidden>{ICONS[theme]}</span>
    </button>
  );
}
