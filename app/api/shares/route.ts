import { z } from "zod";
import { defineRead } from "@/lib/server/read-route";
import { shareLinkViews } from "@/lib/server/shares/views";

/** The visitor's live share links, newest first, each with what it shows in words. */
export const GET = defineRead({
  input: z.strictObject({}),
  cache: "revalidate",
  read: async (_query, { store, visitorId }) => shareLinkViews(store, visitorId, await store.shares.list(visitorId)),
});
