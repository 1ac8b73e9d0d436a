import { TRAY_STORAGE_KEY, type StoredTrayEntry } from "@/components/studio/tray/tray-state";

/** Storage can be missing or refuse (private windows, quota): the tray then lasts one page view. */
export function readStoredTray(): string | null {
  try {
    return window.localStorage.getItem(TRAY_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function writeStoredTray(entries: StoredTrayEntry[]): void {
  try {
    window.localStorage.setItem(TRAY_STORAGE_KEY, JSON.stringify(entries));
  } catch {
    // See readStoredTray.
  }
}
