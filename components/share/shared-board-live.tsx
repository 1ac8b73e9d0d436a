"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { shareEventsPath } from "@/lib/shared/boards";

/**
 * Keeps a shared board's page current: the link's own event stream says when the board changed,
 * and the page is drawn again from the server (a revoked link then shows its 404).
 */
export function SharedBoardLive({ token }: { token: string }) {
  const router = useRouter();
  useEffect(() => {
    const source = new EventSource(shareEventsPath(token));
    source.onmessage = (event: MessageEvent<string>) => {
      const message = JSON.parse(event.data) as { type: string };
      if (message.type === "share-changed" || message.type === "resync") router.refresh();
    };
    // A revoked link's stream answers 404 and EventSource gives up: one last redraw shows why.
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) router.refresh();
    };
    return () => source.close();
  }, [router, token]);
  return null;
}
