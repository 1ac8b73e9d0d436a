import { z } from "zod";
import { found } from "@/lib/server/action";
import { defineRead } from "@/lib/server/read-route";
import { buildLineageView } from "@/lib/shared/lineage/build-view";
import { recordId } from "@/lib/shared/records";

/** The image's family: where it came from, what came of it, and the steps between. */
export const GET = defineRead({
  input: z.strictObject({ id: recordId }),
  cache: "revalidate",
  read: async ({ id }, { store, visitorId }) => buildLineageView(found(await store.lineage.family(visitorId, id))),
});
