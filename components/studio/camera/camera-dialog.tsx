"use client";

import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogCloseButton, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";

const REFUSALS: Record<string, string> = {
  NotAllowedError: "The camera was not allowed. Allow it in the browser's settings for this site, or use Add images.",
  NotFoundError: "No camera was found. Use Add images instead.",
  NotReadableError: "The camera is in use by another app. Close it and try again.",
};

/** The live webcam and one button: the frame shown becomes a JPEG file, full size, for the tray. */
export function CameraDialog({ onCapture, onClose }: { onCapture: (file: File) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    let opened: MediaStream | null = null;
    navigator.mediaDevices
      .getUserMedia({ video: { width: { ideal: 1920 }, height: { ideal: 1080 } }, audio: false })
      .then((media) => {
        opened = media;
        if (!current) return media.getTracks().forEach((track) => track.stop());
        setStream(media);
      })
      .catch((failure: unknown) => {
        const name = failure instanceof DOMException ? failure.name : "";
        if (current) setError(REFUSALS[name] ?? "The camera could not be started.");
      });
    // The camera light goes off as soon as the dialog closes.
    return () => {
      current = false;
      opened?.getTracks().forEach((track) => track.stop());
    };
  }, []);

  useEffect(() => {
    if (video.current && stream) video.current.srcObject = stream;
  }, [stream]);

  const capture = async () => {
    const frame = video.current;
    if (!frame || frame.videoWidth === 0) return;
    const canvas = document.createElement("canvas");
    canvas.width = frame.videoWidth;
    canvas.height = frame.videoHeight;
    canvas.getContext("2d")?.drawImage(frame, 0, 0);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.92));
    if (!blob) return setError("The picture could not be taken.");
    onCapture(new File([blob], `photo-${new Date().toISOString().replace(/[:.]/g, "-")}.jpg`, { type: "image/jpeg" }));
  };

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="flex flex-col gap-3">
        <div className="flex items-center justify-between gap-2">
          <DialogTitle>Take photo</DialogTitle>
          <DialogCloseButton />
        </div>
        <DialogDescription>The picture joins the tray as the next input.</DialogDescription>
        {error ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        ) : (
          <video ref={video} autoPlay playsInline muted aria-label="Camera preview" className="aspect-video w-full rounded-md bg-black" />
        )}
        <Button onClick={() => void capture()} disabled={!stream || error !== null}>
          Take picture
        </Button>
      </DialogContent>
    </Dialog>
  );
}
