"use server";

import { cookies, headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { liveSession, passcodeGate } from "@/lib/server/passcode/gate";
import { revokeSession } from "@/lib/server/passcode/revoked-sessions";
import { studio } from "@/lib/server/studio";
import { SIGN_IN_PATH } from "@/lib/server/passcode/access";
import { OWNER_COOKIE, ownerMark } from "@/lib/server/passcode/owner";
import { readSession, SESSION_COOKIE, sessionCookieOptions } from "@/lib/server/passcode/session-token";
import { checkPasscode, guesserKeys, signInForm, type SignInState } from "@/lib/server/passcode/sign-in";
import { isVisitorId, VISITOR_COOKIE } from "@/lib/server/visitor-id";

/** Checks the passcode (slowed down after wrong tries), then sets the signed session cookie. */
export async function signIn(_previous: SignInState, form: FormData): Promise<SignInState> {
  const gate = passcodeGate();
  if (!gate) redirect("/");
  const parsed = signInForm.safeParse({ passcode: form.get("passcode"), next: form.get("next") });
  if (!parsed.success) return { error: { code: "invalid_input", message: parsed.error.issues[0]!.message } };

  const [jar, request] = await Promise.all([cookies(), headers()]);
  const visitorId = jar.get(VISITOR_COOKIE)?.value;
  const keys = guesserKeys(request.get("x-forwarded-for"), isVisitorId(visitorId) ? visitorId : null);
  const result = await checkPasscode(gate, parsed.data.passcode, keys);
  if (!result.ok) return { error: result.error };

  const options = sessionCookieOptions(request.get("x-forwarded-proto") === "https");
  jar.set(SESSION_COOKIE, result.session, options);
  const session = result.owner ? readSession(gate.sessionKey, result.session, Date.now()) : null;
  if (session) jar.set(OWNER_COOKIE, ownerMark(gate, session), options);
  else jar.delete(OWNER_COOKIE);
  // Pages the browser kept from before (say, the studio as a passcode holder) are not this session's.
  revalidatePath("/", "layout");
  redirect(parsed.data.next);
}

/** Ends this session on the server too: a copy of the cookie kept elsewhere stops working. */
export async function signOut(): Promise<void> {
  const jar = await cookies();
  const gate = passcodeGate();
  const session = gate && liveSession(gate, jar.get(SESSION_COOKIE)?.value);
  if (session) await revokeSession((await studio()).store, session);
  jar.delete(SESSION_COOKIE);
  jar.delete(OWNER_COOKIE);
  revalidatePath("/", "layout");
  redirect(SIGN_IN_PATH);
}
