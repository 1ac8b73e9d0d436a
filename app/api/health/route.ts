import "server-only";
import { imageProvider } from "@/lib/server/engine";
import { env, storeSettingsOf } from "@/lib/server/env";
import { studio } from "@/lib/server/studio";
import { storeEngines } from "@/lib/server/store";

/**
 * Which engines this instance runs on, once its store has opened: records (sqlite or postgres),
 * image bytes (disk or s3) and the image engine. Never a URL, bucket name or key.
 */
export async function GET() {
  await studio();
  const body = { ...storeEngines(storeSettingsOf(env())), engine: imageProvider().id };
  return Response.json(body, { headers: { "cache-control": "no-store" } });
}
