import { z } from "zod";
import { defineRead } from "@/lib/server/read-route";
import { toGenerationView } from "@/lib/shared/gallery/view";
import { recordId } from "@/lib/shared/records";

/** Room for a little over 100 ids, so a list of 101 is refused by its count, the rule that explains it. */
const IDS_TEXT_MAX = 101 * 37;

/**
 * The visitor's generations by id (`?ids=a,b,…`, at most 100), as their cards show them: how the
 * page learns that a job has finished. Ids that are not the visitor's are simply not in the answer.
 */
export const GET = defineRead({
  input: z.strictObject({
    ids: z
      .string()
      .max(IDS_TEXT_MAX)
      .transform((text) => (text === "" ? [] : text.split(",")))
      .pipe(z.array(recordId).max(100)),
  }),
  cache: "no-store",
  read: async ({ ids }, { store, jobs, visitorId }) => {
    const found = await Promise.all(ids.map((id) => store.generations.withOutputs(visitorId, id)));
    return found.flatMap((entry) => (entry ? [toGenerationView(jobs.surface(entry.generation), entry.outputs)] : []));
  },
});
