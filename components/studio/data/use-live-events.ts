"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";

/**
 * The page's live feed (live-stream.ts: one stream per browser, shared by its tabs). Its code
 * arrives just after the first paint; a stream opened that moment later misses nothing, since a
 * new stream's hello makes the page read again what may have finished meanwhile. False once nothing
 * has been heard for 35 s (or the code could not be fetched): the page then quietly polls.
 */
export function useLiveEvents(): boolean {
  const client = useQueryClient();
  const [live, setLive] = useState(true);

  useEffect(() => {
    let stop: (() => void) | null = null;
    let left = false;
    import("./live-stream").then(
      ({ startLiveStream }) => {
        if (!left) stop = startLiveStream(client, setLive);
      },
      () => setLive(false),
    );
    return () => {
      left = true;
      stop?.();
    };
  }, [client]);

  return live;
}
