"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { describedBy, FIELD_LABEL, FieldProblem } from "@/components/ui/field";
import type { SignInState } from "@/lib/server/passcode/sign-in";

const NOTHING_YET: SignInState = { error: null };

/** The passcode form; works before hydration too, as a plain form post to the server action. */
export function SignInForm({
  action,
  next,
}: {
  action: (previous: SignInState, form: FormData) => Promise<SignInState>;
  next: string;
}) {
  const [state, formAction, pending] = useActionState(action, NOTHING_YET);
  const problem = state.error?.message;

  return (
    <form action={formAction} className="mt-6 flex flex-col gap-4">
      <input type="hidden" name="next" value={next} />
      <div className="flex flex-col gap-1.5">
        <label htmlFor="passcode" className={FIELD_LABEL}>
          Passcode
        </label>
        <input
          id="passcode"
          name="passcode"
          type="password"
          required
          autoFocus
          autoComplete="current-password"
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy(problem && "passcode-problem")}
          className="rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 outline-none focus-visible:border-sky-500 focus-visible:ring-2 focus-visible:ring-sky-500/40 aria-[invalid=true]:border-red-600 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100 dark:aria-[invalid=true]:border-red-400"
        />
        <FieldProblem id="passcode-problem" problem={problem} />
      </div>
      <Button type="submit" disabled={pending}>
        {pending && <span aria-hidden className="size-3.5 animate-spin rounded-full border-2 border-current border-t-transparent" />}
        Sign in
      </Button>
      {/* After wrong tries the check waits seconds on purpose; say so to screen readers too. */}
      <p aria-live="polite" className="sr-only">
        {pending ? "Checking the passcode…" : ""}
      </p>
    </form>
  );
}
