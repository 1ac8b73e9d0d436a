"use client";

import { Toast, ToastProvider, ToastViewport } from "@/components/ui/toast";

interface StudioNoticesProps {
  /** A sentence about something that did not happen (a replay refused, an upload that failed). */
  notice: string | null;
  onDismissNotice: () => void;
  /** The Undo offer after a delete. */
  deletion: { open: boolean; durationMs: number; onClose: () => void; onUndo: () => void };
  /** The Undo offer after "Use as input" replaced inputs that were there. */
  replacement: { message: string | null; onClose: () => void; onUndo: () => void };
}

/** The studio's short notices, bottom right, announced to screen readers. */
export function StudioNotices({ notice, onDismissNotice, deletion, replacement }: StudioNoticesProps) {
  return (
    <ToastProvider swipeDirection="right">
      <Toast
        open={notice !== null}
        onOpenChange={(open) => !open && onDismissNotice()}
        message={notice}
        actionLabel="Dismiss"
        onAction={onDismissNotice}
        durationMs={8_000}
      />
      <Toast
        open={deletion.open}
        onOpenChange={(open) => !open && deletion.onClose()}
        message="Image deleted."
        actionLabel="Undo"
        onAction={deletion.onUndo}
        durationMs={deletion.durationMs}
      />
      <Toast
        open={replacement.message !== null}
        onOpenChange={(open) => !open && replacement.onClose()}
        message={replacement.message}
        actionLabel="Undo"
        onAction={replacement.onUndo}
        durationMs={8_000}
      />
      <ToastViewport />
    </ToastProvider>
  );
}
