import { z } from "zod";
import { isOwner, todaysLedger } from "@/lib/server/ledger";
import { defineRead } from "@/lib/server/read-route";

/** Today's spend for the header: the visitor's own, and the deployment's for the owner only. */
export const GET = defineRead({
  input: z.strictObject({}),
  cache: "no-store",
  read: async (_, { store, visitorId }) => todaysLedger(store, visitorId, { owner: await isOwner() }),
});
