import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { openDiskBlobs } from "@/lib/server/store/blobs/disk";
import { POSTGRES_MIGRATIONS_FOLDER } from "@/lib/server/store/postgres/db";
import { openPostgresStore } from "@/lib/server/store/postgres";
import type { Store } from "@/lib/server/store";
import { legacyDatabase } from "./support/migration-fixtures";
import { useTempStore } from "./support/store-fixtures";
import { freshDatabaseUrl } from "./support/store-kinds";

const OLD_IMAGE = "0190a6c4-0000-7000-8000-000000000011";
const OLD_JOB = "0190a6c4-0000-7000-8000-000000000012";

/** What a studio made before boards existed must be starrable, boardable and shareable after the upgrade. */
async function organiseOldImage(store: Store): Promise<void> {
  expect(await store.favourites.set("visitor-a", OLD_IMAGE, true)).toBe(true);
  const board = await store.boards.create("visitor-a", "From before");
  expect(await store.boards.addImages("visitor-a", board.id, [OLD_IMAGE])).toBe(true);
  const link = await store.shares.create("visitor-a", { kind: "board", boardId: board.id });
  expect((await store.shares.open(link.token))?.boardId).toBe(board.id);
  const page = await store.gallery.list("visitor-a", { filter: { favourites: true, boardId: board.id, words: ["before"] } });
  expect(page.items.map((item) => (item.kind === "generation" ? item.generation.id : item.image.id))).toEqual([OLD_JOB]);
}

const INSERTS = [
  "INSERT INTO visitors (id, created_at, last_seen_at) VALUES ('visitor-a', 1, 1)",
  `INSERT INTO generations (id, visitor_id, model, prompt, parameters, input_image_ids, status, created_at)
    VALUES ('${OLD_JOB}', 'visitor-a', 'bytedance/seedream-v4-text-to-image', 'made before boards', '{"seed":3}', '[]', 'succeeded', 1)`,
  `INSERT INTO images (id, visitor_id, origin, generation_id, output_index, blob_key, mime, width, height, bytes, sha256, created_at)
    VALUES ('${OLD_IMAGE}', 'visitor-a', 'output', '${OLD_JOB}', 0, 'ab12', 'image/png', 8, 8, 100, 'ab12', 2)`,
];

describe("the boards migration", () => {
  const stores = useTempStore();
  afterEach(() => stores.cleanup());

  it("brings a SQLite database made before boards up to date, its images ready for boards and favourites", async () => {
    const dataDir = await stores.dataDir();
    await legacyDatabase(dataDir, 4, INSERTS);
    await organiseOldImage(await stores.open(dataDir));
  });

  it("brings a PostgreSQL database made before boards up to date the same way", async () => {
    const databaseUrl = await freshDatabaseUrl();
    // The migrations as the release before boards shipped them: all but the last.
    const before = await mkdtemp(join(tmpdir(), "studio-migrations-before-boards-"));
    try {
      await cp(POSTGRES_MIGRATIONS_FOLDER, before, { recursive: true });
      const journalPath = join(before, "meta", "_journal.json");
      const journal = JSON.parse(await readFile(journalPath, "utf8")) as { entries: { tag: string }[] };
      const boards = journal.entries.findIndex((entry) => entry.tag.endsWith("boards-favourites-share-links"));
      expect(boards).toBeGreaterThan(0);
      await writeFile(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, boards) }));
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        await migrate(drizzle(client), { migrationsFolder: before });
        for (const insert of INSERTS) await client.query(insert);
      } finally {
        await client.end();
      }
    } finally {
      await rm(before, { recursive: true, force: true });
    }
    const store = await openPostgresStore({ databaseUrl, blobs: openDiskBlobs(await stores.dataDir()) });
    try {
      await organiseOldImage(store);
    } finally {
      await store.close();
    }
  });
});
