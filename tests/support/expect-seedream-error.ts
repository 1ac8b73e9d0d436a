import { expect } from "vitest";
import { SeedreamError } from "@/lib/server/seedream/seedream-error";

/** Awaits a call that must fail, and returns its SeedreamError (failing the test on anything else). */
export async function expectSeedreamError(call: Promise<unknown>): Promise<SeedreamError> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(SeedreamError);
  return outcome as SeedreamError;
}
