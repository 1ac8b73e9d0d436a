import { diffWords } from "@/lib/shared/prompt/diff";

interface PromptDiffProps {
  /** The parent's prompt; empty when there was none. */
  before: string;
  after: string;
  className?: string;
}

/**
 * How a prompt changed from its parent's: removed words struck through, added ones underlined, so
 * the change reads without colour too. Screen readers say "removed" and "added" around each change,
 * since most announce neither <del> nor <ins>.
 */
export function PromptDiff({ before, after, className = "" }: PromptDiffProps) {
  return (
    <p dir="auto" className={`whitespace-pre-wrap break-words ${className}`}>
      {diffWords(before, after).map((segment, index) => {
        if (segment.kind === "same") return <span key={index}>{segment.text}</span>;
        const Change = segment.kind === "added" ? "ins" : "del";
        return (
          <Change
            key={index}
            className={
              segment.kind === "added"
                ? "rounded-sm bg-emerald-100 text-emerald-950 underline decoration-emerald-700 decoration-2 underline-offset-2 dark:bg-emerald-950 dark:text-emerald-100 dark:decoration-emerald-400"
                : "rounded-sm bg-red-100 text-red-950 line-through decoration-red-700 decoration-2 dark:bg-red-950 dark:text-red-100 dark:decoration-red-400"
            }
          >
            <span className="sr-only">[{segment.kind}: </span>
            {segment.text}
            <span className="sr-only">]</span>
          </Change>
        );
      })}
    </p>
  );
}
