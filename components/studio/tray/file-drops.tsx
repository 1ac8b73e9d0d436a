"use client";

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, type DragEvent } from "react";
import { useDropzone, type DropzoneRootProps } from "react-dropzone";

interface FileDropsProps {
  onFiles: (files: File[]) => void;
  /** Runs first on every drop: a gallery picture is taken there, and the files are then left alone. */
  onImageDrop: (event: DragEvent<HTMLElement>) => void;
  /** Receives react-dropzone's handlers for the page's root, each time they change. */
  onRootProps: (props: DropzoneRootProps) => void;
}

/**
 * react-dropzone's reading of dropped files (folders included), loaded after the first paint and
 * handed to the page's drop zone as props for its root: no element of its own, so the studio under
 * the drop zone is never built again when it arrives.
 */
export function FileDrops({ onFiles, onImageDrop, onRootProps }: FileDropsProps) {
  // The latest callbacks, read at drop time: the handlers themselves stay the same across renders.
  const latest = useRef({ onFiles, onImageDrop });
  useLayoutEffect(() => {
    latest.current = { onFiles, onImageDrop };
  });
  const onDrop = useCallback((files: File[]) => {
    if (files.length > 0) latest.current.onFiles(files);
  }, []);
  const { getRootProps } = useDropzone({
    onDrop,
    noClick: true,
    noKeyboard: true,
    // Pastes are taken on the window (PageDropZone), so that they work with nothing focused.
    noPaste: true,
  });
  const rootProps = useMemo(
    () => getRootProps({ onDrop: (event: DragEvent<HTMLElement>) => latest.current.onImageDrop(event) }),
    [getRootProps],
  );
  useEffect(() => onRootProps(rootProps), [onRootProps, rootProps]);
  return null;
}
