/** The sentence that explains why a field's value cannot be sent, read out as soon as it appears. */
export function FieldProblem({ id, problem, className = "" }: { id: string; problem: string | undefined; className?: string }) {
  if (!problem) return null;
  return (
    <p id={id} role="alert" className={`text-xs leading-snug text-red-700 dark:text-red-400 ${className}`}>
      {problem}
    </p>
  );
}

/** An aria-describedby value from the ids that are present, or nothing. */
export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const present = ids.filter(Boolean).join(" ");
  return present || undefined;
}

export const FIELD_LABEL = "text-sm font-medium text-zinc-900 dark:text-zinc-100";
