import * as z from "@/lib/shared/zod";
import { markList, markSettings, NOTE_MAX_CHARS } from "@/lib/shared/marks/marks";
import type { AppliedMarks } from "./marks-state";

/** Reading the stored marks back, loaded once after the first paint: the schemas stay out of it. */

const storedImage = z.object({
  id: z.string(),
  url: z.string(),
  thumbnailUrl: z.string(),
  width: z.number(),
  height: z.number(),
  fileName: z.nullable(z.string()),
});

const appliedMarks = z.strictObject({
  imageId: z.string(),
  marks: markList,
  settings: markSettings,
  note: z.string().check(z.maxLength(NOTE_MAX_CHARS)),
  copy: storedImage,
});

export function parseStoredMarks(raw: string | null): AppliedMarks[] {
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((entry) => {
      const result = appliedMarks.safeParse(entry);
      return result.success ? [result.data] : [];
    });
  } catch {
    return [];
  }
}

