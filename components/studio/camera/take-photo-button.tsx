"use client";

import dynamic from "next/dynamic";
import { withLazyPart } from "@/components/studio/lazy/lazy-part";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";

// The webcam view arrives on the first click, never with the page.
const CameraDialog = withLazyPart(dynamic(() => import("./camera-dialog").then((module) => module.CameraDialog), { ssr: false }));

type CameraWay = "capture" | "webcam";

/**
 * "Take photo": on a touch screen the phone's own camera app (a file input with `capture`), on a
 * computer with a camera a webcam view; with neither, no button. Either way the picture joins the
 * tray like any added file, through the same preparation and upload checks.
 */
export function TakePhotoButton({ onFiles, disabled }: { onFiles: (files: File[]) => void; disabled?: boolean }) {
  const [way, setWay] = useState<CameraWay | null>(null);
  const [open, setOpen] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let current = true;
    void cameraWay().then((found) => current && setWay(found));
    return () => {
      current = false;
    };
  }, []);

  if (!way) return null;
  return (
    <>
      {way === "capture" && (
        <input
          ref={input}
          type="file"
          accept="image/*"
          capture="environment"
          hidden
          tabIndex={-1}
          onChange={(event) => {
            const files = Array.from(event.target.files ?? []);
            event.target.value = "";
            onFiles(files);
          }}
        />
      )}
      <Button variant="secondary" className="pointer-coarse:min-h-11" disabled={disabled} onClick={() => (way === "capture" ? input.current?.click() : setOpen(true))}>
        Take photo
      </Button>
      {open && (
        <CameraDialog
          onCapture={(file) => {
            setOpen(false);
            onFiles([file]);
          }}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}

/** A touch-first screen has a camera app behind `capture`; elsewhere only a listed camera counts. */
async function cameraWay(): Promise<CameraWay | null> {
  if (window.matchMedia("(pointer: coarse)").matches) return "capture";
  if (!navigator.mediaDevices?.enumerateDevices || !window.isSecureContext) return null;
  try {
    const devices = await navigator.mediaDevices.enumerateDevices();
    return devices.some((device) => device.kind === "videoinput") ? "webcam" : null;
  } catch {
    return null;
  }
}
