import { z } from "zod";
import { defineRead } from "@/lib/server/read-route";
import { toBoardView } from "@/lib/server/shares/views";

/** The visitor's boards, oldest first, with how many images each holds and which one catches new results. */
export const GET = defineRead({
  input: z.strictObject({}),
  cache: "revalidate",
  read: async (_query, { store, visitorId }) => (await store.boards.list(visitorId)).map(toBoardView),
});
