import { z } from "zod";

/** A number in a query string arrives as text: digits only, so "1e3", "0x10" and " 5" are refused. */
export const queryNumber = z
  .string()
  .regex(/^\d{1,6}$/, { error: "Give the number as digits only." })
  .transform(Number);
