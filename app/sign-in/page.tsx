import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in/sign-in-form";
import { safeNextPath } from "@/lib/server/passcode/next-path";
import { hasSession } from "@/lib/server/session";
import { signIn } from "./actions";

export const metadata: Metadata = { title: "Sign in · Seedream Studio" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const next = safeNextPath((await searchParams).next);
  // An open studio, or a visitor already signed in, has nothing to do here.
  if (await hasSession()) redirect(next);

  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm rounded-xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h1 className="text-lg font-semibold tracking-tight">Seedream Studio</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">This studio is private. Enter its passcode to continue.</p>
        <SignInForm action={signIn} next={next} />
      </div>
    </main>
  );
}
