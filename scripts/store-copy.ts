// npm run store:copy -- --from-data-dir ./data --to-database postgres://… [--to-bucket studio-images]
// Other S3 settings (S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_FORCE_PATH_STYLE)
// come from the environment, as for the studio itself.
import { parseArgs } from "node:util";
import { parseEnv, storeSettingsOf } from "@/lib/server/env";
import { copyEmbeddedStore } from "@/lib/server/store/copy";

async function main() {
  const { values } = parseArgs({
    options: {
      "from-data-dir": { type: "string" },
      "to-database": { type: "string" },
      "to-bucket": { type: "string" },
    },
  });
  const fromDataDir = values["from-data-dir"];
  const toDatabaseUrl = values["to-database"];
  if (!fromDataDir || !toDatabaseUrl) {
    throw new Error("Pass --from-data-dir DIR and --to-database postgres://… (and --to-bucket NAME to move the images too).");
  }
  // The same checks as at start-up: a bad URL or bucket stops here with one sentence.
  const settings = storeSettingsOf(
    parseEnv({ ...process.env, STUDIO_DATA_DIR: fromDataDir, DATABASE_URL: toDatabaseUrl, S3_BUCKET: values["to-bucket"] }),
  );
  const report = await copyEmbeddedStore({ fromDataDir, toDatabaseUrl, toS3: settings.s3 });
  console.log(
    `Copied and verified ${report.rows.visitors} visitors, ${report.rows.generations} generations, ` +
      `${report.rows.images} images, ${report.rows.boards} boards holding ${report.rows.boardImages} images, ` +
      `${report.rows.favourites} favourites, ${report.rows.shareLinks} share links and ${report.blobs} blobs (sha256 checked).`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
