"use client";

import dynamic from "next/dynamic";
import { withLazyPart } from "@/components/studio/lazy/lazy-part";
import { useEffect, useState, type DragEvent as ReactDragEvent, type ReactNode } from "react";
import type { DropzoneRootProps } from "react-dropzone";
import type { ImageView } from "@/lib/shared/gallery/view";
import { IMAGE_DRAG_TYPE, readImageDragData } from "./drag";

const FileDrops = withLazyPart(dynamic(() => import("./file-drops").then((module) => module.FileDrops), { ssr: false }));

interface PageDropZoneProps {
  onFiles: (files: File[]) => void;
  onImages: (images: ImageView[]) => void;
  /** Other places a dragged gallery picture can go (the boards), shown in the overlay with it. */
  imageTargets?: ReactNode;
  children: ReactNode;
}

/**
 * The whole studio takes pictures: files dropped anywhere, images pasted anywhere (except text into
 * a text field), and gallery results dragged onto the page. While something is dragged, an overlay
 * covers the page; it is part of the drop zone, so a drop on the header lands too.
 */
export function PageDropZone({ onFiles, onImages, imageTargets, children }: PageDropZoneProps) {
  const [dragging, setDragging] = useState<"files" | "image" | null>(null);
  // react-dropzone's handlers, from just after the first paint (FileDrops).
  const [dropProps, setDropProps] = useState<DropzoneRootProps | null>(null);

  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      if (event.defaultPrevented || !event.clipboardData) return;
      const files = pastedFiles(event.clipboardData);
      if (files.length === 0) return;
      if (isTextField(event.target) && event.clipboardData.types.includes("text/plain")) return;
      event.preventDefault();
      onFiles(files);
    };
    window.addEventListener("paste", onPaste);
    return () => window.removeEventListener("paste", onPaste);
  }, [onFiles]);

  // Tracked on the window in the capture phase, so no handler that stops propagation can leave the
  // overlay up; a gallery result is no file, so react-dropzone alone would not see it at all.
  useEffect(() => {
    let depth = 0;
    const onEnter = (event: DragEvent) => {
      if (!carriesPictures(event.dataTransfer)) return;
      depth += 1;
      setDragging(event.dataTransfer?.types.includes(IMAGE_DRAG_TYPE) ? "image" : "files");
    };
    const onLeave = (event: DragEvent) => {
      if (!carriesPictures(event.dataTransfer)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(null);
    };
    const onDone = () => {
      depth = 0;
      setDragging(null);
    };
    window.addEventListener("dragenter", onEnter, true);
    window.addEventListener("dragleave", onLeave, true);
    window.addEventListener("drop", onDone, true);
    window.addEventListener("dragend", onDone, true);
    return () => {
      window.removeEventListener("dragenter", onEnter, true);
      window.removeEventListener("dragleave", onLeave, true);
      window.removeEventListener("drop", onDone, true);
      window.removeEventListener("dragend", onDone, true);
    };
  }, []);

  const onImageDrop = (event: ReactDragEvent<HTMLElement>) => {
    const image = readImageDragData(event.dataTransfer);
    if (!image) return;
    // Handled here: react-dropzone skips an event whose propagation has stopped.
    event.preventDefault();
    event.stopPropagation();
    onImages([image]);
  };
  // A drop in the moment before react-dropzone arrives still lands, with the files as the browser lists them.
  const beforeDropzone = {
    onDragOver: (event: ReactDragEvent<HTMLElement>) => {
      if (carriesPictures(event.dataTransfer)) event.preventDefault();
    },
    onDrop: (event: ReactDragEvent<HTMLElement>) => {
      onImageDrop(event);
      if (event.isPropagationStopped()) return;
      event.preventDefault();
      const files = Array.from(event.dataTransfer.files);
      if (files.length > 0) onFiles(files);
    },
  };

  return (
    <div className="flex flex-1 flex-col" {...(dropProps ?? beforeDropzone)}>
      {children}
      <FileDrops onFiles={onFiles} onImageDrop={onImageDrop} onRootProps={setDropProps} />
      {dragging && (
        <div className="fixed inset-0 z-50 flex items-center justify-center bg-zinc-950/40 p-4 backdrop-blur-[2px]">
          <div className="flex size-full flex-col items-center justify-center rounded-2xl border-2 border-dashed border-sky-400 bg-white/90 p-6 text-center text-lg font-medium text-zinc-900 dark:bg-zinc-900/90 dark:text-zinc-100">
            Drop images to add them to the tray
            {dragging === "image" && imageTargets}
          </div>
        </div>
      )}
    </div>
  );
}

function carriesPictures(dataTransfer: DataTransfer | null): boolean {
  const types = Array.from(dataTransfer?.types ?? []);
  return types.includes("Files") || types.includes(IMAGE_DRAG_TYPE);
}

function pastedFiles(clipboard: DataTransfer): File[] {
  const files = Array.from(clipboard.files);
  if (files.length > 0) return files;
  return Array.from(clipboard.items).flatMap((item) => {
    const file = item.kind === "file" ? item.getAsFile() : null;
    return file ? [file] : [];
  });
}

const NON_TEXT_INPUTS = new Set(["button", "checkbox", "color", "file", "image", "radio", "range", "reset", "submit"]);

function isTextField(target: EventTarget | null): boolean {
  if (target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(target.type);
  return target instanceof HTMLElement && target.isContentEditable;
}
