/**
 * Next.js calls this once at server start: a bad environment stops the server with a clear message,
 * and the store opens (migrations, interrupted jobs) before the first request.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { studio } = await import("@/lib/server/studio");
  await studio();
}
