"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { sharePath } from "@/lib/shared/boards";

/** A link as people paste it, with a Copy button that says when it worked. */
export function ShareUrl({ token, label }: { token: string; label: string }) {
  const url = `${window.location.origin}${sharePath(token)}`;
  const [copied, setCopied] = useState(false);
  return (
    <div className="flex items-center gap-2">
      <input
        readOnly
        value={url}
        aria-label={`Link to ${label}`}
        onFocus={(event) => event.currentTarget.select()}
        className="min-w-0 flex-1 rounded-lg border border-zinc-300 bg-zinc-50 px-2 py-1.5 text-xs dark:border-zinc-700 dark:bg-zinc-900"
      />
      <Button
        variant="secondary"
        className="px-3 py-1.5"
        onClick={() => {
          void navigator.clipboard?.writeText(url).then(() => setCopied(true), () => setCopied(false));
        }}
      >
        {copied ? "Copied" : "Copy"}
      </Button>
    </div>
  );
}
