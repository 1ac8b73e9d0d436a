import { sql } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type GalleryFilter, type Store, type StoreSettings } from "@/lib/server/store";
import type { Database } from "@/lib/server/store/parts/context";
import { openPostgresDatabase } from "@/lib/server/store/postgres/db";
import * as postgresSchema from "@/lib/server/store/postgres/schema";
import { openDatabase } from "@/lib/server/store/sqlite/db";
import * as sqliteSchema from "@/lib/server/store/sqlite/schema";
import type { SeedreamModel } from "@/lib/shared/records";
import { EDIT_MODEL, TEXT_TO_IMAGE_MODEL } from "@/lib/shared/seedream/limits";
import { startPostgres } from "../support/engines/postgres-server";
import { createDatabase } from "../support/engines/provision";
import type { Figure, Measurement } from "./figure";
import { formatMs, median } from "./stats";

/** First page of a filtered gallery, per store: the budget of the search at 10,000 images. */
const BUDGET_MS = { "sqlite": 50, "postgres": 100 } as const;
const COUNT = 10_000;
const DAY = 24 * 60 * 60 * 1000;
/** Spread over 100 days, newest now: a date range picks a slice of them. */
const SPAN_MS = 100 * DAY;
const ON_BOARD_EVERY = 50;
const STARRED_EVERY = 100;
const RUNS = 15;
const WORDS = ["harbour", "forest", "neon", "portrait", "desert", "glacier", "market", "orchard"];

type Kind = keyof typeof BUDGET_MS;

export const gallerySearch10k: Figure = {
  id: "P7",
  title: "gallery search at 10,000 images: first filtered page, slowest filter",
  budget: `≤ ${BUDGET_MS["sqlite"]} ms SQLite, ≤ ${BUDGET_MS["postgres"]} ms PostgreSQL`,
  async measure(): Promise<Measurement> {
    const results = [await measureOn("sqlite"), await measureOn("postgres")];
    const worst = (kind: Kind) => Math.max(...results.find((result) => result.kind === kind)!.medians.map(([, ms]) => ms));
    return {
      measured: `${formatMs(worst("sqlite"))} SQLite, ${formatMs(worst("postgres"))} PostgreSQL`,
      withinBudget: results.every((result) => worst(result.kind) <= BUDGET_MS[result.kind]),
      notes: [
        `seeded ${COUNT.toLocaleString("en")} images (rows only, no bytes) for one visitor over ${SPAN_MS / DAY} days: 9 in 10 ` +
          `the output of a succeeded generation, 1 in 10 an upload; prompts (file names) of 3 words from ${WORDS.length}, two ` +
          `models; 2 in ${ON_BOARD_EVERY} on a board and 2 in ${STARRED_EVERY} starred, half of each uploads; PostgreSQL analysed after the load; store.gallery.list first page (30 cards) after one warm-up, median of ${RUNS}. ` +
          "Prompt words are a substring match, so they read the visitor's cards newest first until a page matches (a word " +
          "that matches nothing reads all of them: \"no match\"); the other filters follow indexes.",
        ...results.map(
          (result) => `${result.kind}: ${result.medians.map(([name, ms, cards]) => `${name} ${formatMs(ms)} (${cards} cards)`).join(", ")}.`,
        ),
      ],
    };
  },
};

async function measureOn(kind: Kind): Promise<{ kind: Kind; medians: [string, number, number][] }> {
  const dataDir = await mkdtemp(join(tmpdir(), "studio-bench-search-"));
  const postgres = kind === "postgres" ? await startPostgres() : null;
  try {
    // The images' bytes are never read by a listing, so a shared bucket is not needed: disk blobs.
    const settings: StoreSettings = postgres ? { dataDir, databaseUrl: await createDatabase(postgres.url) } : { dataDir };
    // Opening the store first runs its migrations; the rows then go in straight through the ORM.
    await (await openStore(settings)).close();
    const database = postgres ? await openPostgresDatabase(settings.databaseUrl!) : await openDatabase(join(dataDir, "studio.db"));
    const seeded = await seed(database, postgres ? postgresSchema : sqliteSchema)
      .then(async (result) => {
        // What autovacuum does within a minute of a bulk load; without it PostgreSQL guesses the
        // new tables are tiny and probes every card for a star (34 ms here rather than 5 ms).
        if (postgres) await (database.orm as unknown as NodePgDatabase).execute(sql`ANALYZE`);
        return result;
      })
      .finally(() => database.close());
    const store = await openStore(settings);
    try {
      const filters: [string, GalleryFilter][] = [
        ["unfiltered", {}],
        ["one word", { words: ["harbour"] }],
        ["no match", { words: ["zeppelin"] }],
        ["model", { models: [EDIT_MODEL] }],
        ["last 7 days", { since: Date.now() - 7 * DAY }],
        ["a day 60 days ago", { since: Date.now() - 61 * DAY, before: Date.now() - 60 * DAY }],
        ["favourites", { favourites: true }],
        ["board", { boardId: seeded.boardId }],
        ["word + board + favourites", { words: ["neon"], boardId: seeded.boardId, favourites: true }],
      ];
      const medians: [string, number, number][] = [];
      for (const [name, filter] of filters) medians.push([name, ...(await time(store, seeded.visitorId, filter))]);
      return { kind, medians };
    } finally {
      await store.close();
    }
  } finally {
    await postgres?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function time(store: Store, visitorId: string, filter: GalleryFilter): Promise<[number, number]> {
  const first = await store.gallery.list(visitorId, { filter });
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    await store.gallery.list(visitorId, { filter });
    samples.push(performance.now() - started);
  }
  return [median(samples), first.items.length];
}

/** One image in ten is an upload (its file name holds the words); the rest are outputs of a generation each. */
const isUpload = (index: number) => index % 10 === 5;
/** One output and one upload in every `every` images. */
const isPicked = (index: number, every: number) => index % every === 0 || index % every === 5;

/** Rows in pages of 500, through the dialect's own schema; both schemas have the same shape. */
export async function seed(database: Database, schema: typeof sqliteSchema | typeof postgresSchema) {
  const tables = schema as unknown as typeof sqliteSchema;
  const visitorId = randomUUID();
  const now = Date.now();
  const boardId = randomUUID();
  const blobKey = "0".repeat(64);
  await database.write(async (tx) => {
    await tx.insert(tables.visitors).values({ id: visitorId, createdAt: now - SPAN_MS, lastSeenAt: now });
    await tx.insert(tables.boards).values({ id: boardId, visitorId, name: "Picks", autoAdd: false, createdAt: now - SPAN_MS });
  });
  for (let start = 0; start < COUNT; start += 500) {
    const rows = Array.from({ length: Math.min(500, COUNT - start) }, (_, offset) => {
      const index = start + offset;
      const createdAt = now - SPAN_MS + Math.floor((index * SPAN_MS) / COUNT);
      const prompt = `${WORDS[index % 8]} ${WORDS[(index * 3 + 1) % 8]} ${WORDS[(index * 5 + 2) % 8]} number ${index}`;
      return { index, createdAt, prompt, generationId: randomUUID(), imageId: randomUUID() };
    });
    const outputs = rows.filter((row) => !isUpload(row.index));
    await database.write(async (tx) => {
      await tx.insert(tables.generations).values(
        outputs.map((row) => ({
          id: row.generationId,
          visitorId,
          model: (row.index % 4 === 0 ? EDIT_MODEL : TEXT_TO_IMAGE_MODEL) as SeedreamModel,
          prompt: row.prompt,
          parameters: { image_size: "square" as const, num_images: 1 },
          inputImageIds: [],
          status: "succeeded" as const,
          createdAt: row.createdAt,
          startedAt: row.createdAt,
          finishedAt: row.createdAt + 1,
        })),
      );
      await tx.insert(tables.images).values(
        rows.map((row) => ({
          id: row.imageId,
          visitorId,
          ...(isUpload(row.index)
            ? { origin: "upload" as const, fileName: `${row.prompt.replaceAll(" ", "-")}.png` }
            : { origin: "output" as const, generationId: row.generationId, outputIndex: 0 }),
          blobKey,
          mime: "image/png" as const,
          width: 512,
          height: 512,
          bytes: 1000,
          sha256: blobKey,
          createdAt: row.createdAt + 1,
        })),
      );
      const onBoard = rows.filter((row) => isPicked(row.index, ON_BOARD_EVERY));
      await tx.insert(tables.boardImages).values(onBoard.map((row) => ({ boardId, imageId: row.imageId, addedAt: row.createdAt + 2 })));
      const starred = rows.filter((row) => isPicked(row.index, STARRED_EVERY));
      await tx.insert(tables.favourites).values(starred.map((row) => ({ imageId: row.imageId, visitorId, createdAt: row.createdAt + 2 })));
    });
  }
  return { visitorId, boardId };
}
