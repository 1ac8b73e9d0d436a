"use client";

import { useEffect, useRef } from "react";
import { Dialog, DialogCloseButton, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { ActionFailure } from "@/components/studio/data/queries";
import { useBoardMutations } from "./board-data";
import type { ShareRequest } from "./organise-context";
import { ShareUrl } from "./share-url";

/**
 * "Share": makes a read-only link on opening and shows it to copy. The link shows just what it was
 * made for; Revoke ends it at once.
 */
export function ShareDialog({ request, onClose }: { request: ShareRequest; onClose: () => void }) {
  const { share, revoke } = useBoardMutations();
  const asked = useRef(false);
  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    share.mutate(request.target);
  }, [share, request.target]);
  const link = share.data;
  const error = share.error instanceof ActionFailure ? share.error.message : share.error ? "The link could not be made; try again." : null;
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent aria-describedby="share-dialog-description">
        <div className="flex items-start justify-between gap-3">
          <DialogTitle>Share {request.label}</DialogTitle>
          <DialogCloseButton />
        </div>
        <DialogDescription id="share-dialog-description" className="mt-2">
          Anyone with this link can see {request.target.kind === "board" ? "this board's images as they are added" : request.target.kind === "lineage" ? "this lineage" : "this image"}, view only, and nothing else of yours.
        </DialogDescription>
        <div className="mt-4 flex flex-col gap-3">
          {link && <ShareUrl token={link.token} label={request.label} />}
          {!link && !error && <p role="status">Making a link…</p>}
          {error && <p role="alert" className="text-sm text-red-700 dark:text-red-300">{error}</p>}
          {link && (
            <Button variant="secondary" disabled={revoke.isPending || revoke.isSuccess} onClick={() => revoke.mutate(link.id)}>
              {revoke.isSuccess ? "Link revoked" : "Revoke this link"}
            </Button>
          )}
        </div>
      </DialogContent>
    </Dialog>
  );
}
