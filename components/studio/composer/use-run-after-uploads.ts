"use client";

import { useEffect, useState } from "react";
import type { GenerationOrder } from "./form-settings";
import type { Tray } from "@/components/studio/tray/use-tray";

const UPLOAD_FAILED = "An upload failed, so nothing was sent: check the inputs, then press Generate again.";

/**
 * Generate pressed while tray files are still on their way waits for them instead of sending the
 * edit without them: the pictures the person sees numbered are the ones the model gets. If one of
 * them fails meanwhile, nothing is sent, since the prompt may be about that picture.
 */
export function useRunAfterUploads(tray: Tray, run: (settings: GenerationOrder) => void, onAbandoned: (sentence: string) => void) {
  const [waiting, setWaiting] = useState<{ settings: GenerationOrder; failures: number } | null>(null);
  const failures = tray.items.filter((item) => item.status === "failed").length;
  const uploading = tray.items.filter((item) => item.status === "preparing" || item.status === "uploading").length;

  useEffect(() => {
    if (!waiting || tray.busy) return;
    setWaiting(null);
    if (failures > waiting.failures) onAbandoned(UPLOAD_FAILED);
    else run(waiting.settings);
  }, [waiting, tray.busy, failures, run, onAbandoned]);

  return {
    /** Uploads the waiting run is waiting for; 0 when nothing waits. */
    waitingFor: waiting ? uploading : 0,
    generate: (settings: GenerationOrder) => (tray.busy ? setWaiting({ settings, failures }) : run(settings)),
  };
}
