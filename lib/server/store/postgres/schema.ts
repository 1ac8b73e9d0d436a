import "server-only";
import type { KeepRegion, RegionOutcome } from "@/lib/shared/marks/region";
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import {
  GENERATION_STATUSES,
  type GenerationParameters,
  type ImageMime,
  type ReplayStep,
  type SeedreamModel,
} from "@/lib/shared/records";
import { SHARE_KINDS, type ShareKind } from "@/lib/shared/boards";
import type { BoardRecord, GenerationRecord, ImageRecord, ShareLinkRecord } from "../types";

/**
 * The same tables as sqlite/schema.ts, with the same meaning, in PostgreSQL's types: times are
 * epoch milliseconds in a bigint (read as a JS number), JSON is jsonb. `npm run db:generate:postgres`
 * turns a change here into the next migration under ./migrations.
 */
const millis = (name: string) => bigint(name, { mode: "number" });
const statusList = sql.raw(GENERATION_STATUSES.map((status) => `'${status}'`).join(", "));

export const visitors = pgTable(
  "visitors",
  {
    id: text("id").primaryKey(),
    createdAt: millis("created_at").notNull(),
    lastSeenAt: millis("last_seen_at").notNull(),
  },
  (table) => [index("visitors_by_last_seen").on(table.lastSeenAt)],
);

export const generations = pgTable(
  "generations",
  {
    id: text("id").primaryKey(),
    visitorId: text("visitor_id")
      .notNull()
      .references(() => visitors.id),
    model: text("model").$type<SeedreamModel>().notNull(),
    prompt: text("prompt").notNull(),
    parameters: jsonb("parameters").$type<GenerationParameters>().notNull(),
    inputImageIds: jsonb("input_image_ids").$type<string[]>().notNull(),
    status: text("status", { enum: GENERATION_STATUSES }).notNull(),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    creditsUsed: doublePrecision("credits_used"),
    seed: bigint("seed", { mode: "number" }),
    providerRequestId: text("provider_request_id"),
    createdAt: millis("created_at").notNull(),
    startedAt: millis("started_at"),
    finishedAt: millis("finished_at"),
    retryOf: text("retry_of").references((): AnyPgColumn => generations.id),
    clientIp: text("client_ip"),
    deletedAt: millis("deleted_at"),
    replayOf: text("replay_of").references((): AnyPgColumn => generations.id),
    replayPlan: jsonb("replay_plan").$type<ReplayStep[]>(),
    clientRequestId: text("client_request_id"),
    /** The painted region whose outside is put back from the original after the result arrives. */
    region: jsonb("region").$type<KeepRegion>(),
    /** One per output once succeeded: composited onto the original, or kept as returned and why. */
    regionOutcomes: jsonb("region_outcomes").$type<RegionOutcome[]>(),
    /** The process running the job (its claim), until when the claim holds, and when the provider was asked: see job-queue.ts. */
    leaseOwner: text("lease_owner"),
    leaseUntil: millis("lease_until"),
    providerCalledAt: millis("provider_called_at"),
  },
  (table) => [
    check("generations_parameters_object", sql`jsonb_typeof(${table.parameters}) = 'object'`),
    check("generations_inputs_array", sql`jsonb_typeof(${table.inputImageIds}) = 'array'`),
    check("generations_status", sql`${table.status} IN (${statusList})`),
    check("generations_replay_plan_array", sql`${table.replayPlan} IS NULL OR jsonb_typeof(${table.replayPlan}) = 'array'`),
    index("generations_by_visitor").on(table.visitorId, table.createdAt, table.id),
    index("generations_unfinished").on(table.status).where(sql`${table.status} IN ('queued', 'running')`),
    index("generations_by_client_ip").on(table.clientIp, table.createdAt).where(sql`${table.clientIp} IS NOT NULL`),
    index("generations_by_created_at").on(table.createdAt),
    // The queue: claims take the oldest queued job first.
    index("generations_queued").on(table.createdAt, table.id).where(sql`${table.status} = 'queued'`),
    index("generations_holding_replay_plan").on(table.status).where(sql`${table.replayPlan} IS NOT NULL`),
    // Which edits used some images (lineage, and whether a deleted image is still readable): `@>` on this.
    index("generations_inputs").using("gin", table.inputImageIds),
    uniqueIndex("generations_by_client_request")
      .on(table.visitorId, table.clientRequestId)
      .where(sql`${table.clientRequestId} IS NOT NULL`),
  ],
);

export const images = pgTable(
  "images",
  {
    id: text("id").primaryKey(),
    visitorId: text("visitor_id")
      .notNull()
      .references(() => visitors.id),
    origin: text("origin", { enum: ["upload", "output"] }).notNull(),
    generationId: text("generation_id").references(() => generations.id),
    outputIndex: integer("output_index"),
    fileName: text("file_name"),
    blobKey: text("blob_key").notNull(),
    mime: text("mime").$type<ImageMime>().notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    bytes: bigint("bytes", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    seed: bigint("seed", { mode: "number" }),
    createdAt: millis("created_at").notNull(),
    deletedAt: millis("deleted_at"),
    clientIp: text("client_ip"),
  },
  (table) => [
    check("images_origin", sql`${table.origin} IN ('upload', 'output')`),
    check("images_mime", sql`${table.mime} IN ('image/png', 'image/jpeg', 'image/webp')`),
    check("images_width", sql`${table.width} > 0`),
    check("images_height", sql`${table.height} > 0`),
    check("images_bytes", sql`${table.bytes} > 0`),
    check(
      "images_origin_fields",
      sql`(${table.origin} = 'upload' AND ${table.generationId} IS NULL AND ${table.outputIndex} IS NULL)
        OR (${table.origin} = 'output' AND ${table.generationId} IS NOT NULL AND ${table.outputIndex} IS NOT NULL AND ${table.outputIndex} >= 0)`,
    ),
    index("images_by_visitor").on(table.visitorId, table.origin, table.createdAt, table.id),
    uniqueIndex("images_by_generation").on(table.generationId, table.outputIndex).where(sql`${table.generationId} IS NOT NULL`),
    index("images_by_blob").on(table.blobKey),
    index("images_uploads_by_client_ip").on(table.clientIp, table.createdAt).where(sql`${table.clientIp} IS NOT NULL`),
  ],
);

/**
 * One row, locked FOR UPDATE by every write that admits a generation against the quotas: SQLite
 * gets the same from BEGIN IMMEDIATE, which lets one writer in at a time.
 */
export const quotaGate = pgTable("quota_gate", {
  id: integer("id").primaryKey(),
});

/** Passcode sessions ended by Sign out: see sqlite/schema.ts. */
export const revokedSessions = pgTable("revoked_sessions", {
  id: text("id").primaryKey(),
  expiresAt: millis("expires_at").notNull(),
});

/** The passcode throttle's counts: see sqlite/schema.ts. */
export const signInAttempts = pgTable(
  "sign_in_attempts",
  {
    key: text("key").primaryKey(),
    wrongTries: integer("wrong_tries").notNull(),
    lastTryAt: millis("last_try_at").notNull(),
  },
  (table) => [index("sign_in_attempts_by_last_try").on(table.lastTryAt)],
);

/** Boards, their images, favourites and share links: see sqlite/schema.ts. */
export const boards = pgTable(
  "boards",
  {
    id: text("id").primaryKey(),
    visitorId: text("visitor_id")
      .notNull()
      .references(() => visitors.id),
    name: text("name").notNull(),
    autoAdd: boolean("auto_add").notNull().default(false),
    createdAt: millis("created_at").notNull(),
  },
  (table) => [
    uniqueIndex("boards_by_visitor_name").on(table.visitorId, table.name),
    uniqueIndex("boards_auto_add").on(table.visitorId).where(sql`${table.autoAdd}`),
  ],
);

export const boardImages = pgTable(
  "board_images",
  {
    boardId: text("board_id")
      .notNull()
      .references(() => boards.id),
    imageId: text("image_id")
      .notNull()
      .references(() => images.id),
    addedAt: millis("added_at").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.boardId, table.imageId] }),
    index("board_images_by_board").on(table.boardId, table.addedAt, table.imageId),
    index("board_images_by_image").on(table.imageId),
  ],
);

export const favourites = pgTable(
  "favourites",
  {
    imageId: text("image_id")
      .primaryKey()
      .references(() => images.id),
    visitorId: text("visitor_id")
      .notNull()
      .references(() => visitors.id),
    createdAt: millis("created_at").notNull(),
  },
  (table) => [index("favourites_by_visitor").on(table.visitorId, table.createdAt)],
);

export const shareLinks = pgTable(
  "share_links",
  {
    id: text("id").primaryKey(),
    token: text("token").notNull(),
    visitorId: text("visitor_id")
      .notNull()
      .references(() => visitors.id),
    kind: text("kind").$type<ShareKind>().notNull(),
    imageId: text("image_id").references(() => images.id),
    boardId: text("board_id").references(() => boards.id),
    createdAt: millis("created_at").notNull(),
    revokedAt: millis("revoked_at"),
  },
  (table) => [
    check("share_links_kind", sql`${table.kind} IN (${sql.raw(SHARE_KINDS.map((kind) => `'${kind}'`).join(", "))})`),
    check(
      "share_links_target",
      sql`(${table.kind} = 'board' AND ${table.boardId} IS NOT NULL AND ${table.imageId} IS NULL)
        OR (${table.kind} <> 'board' AND ${table.imageId} IS NOT NULL AND ${table.boardId} IS NULL)`,
    ),
    uniqueIndex("share_links_by_token").on(table.token),
    index("share_links_by_visitor").on(table.visitorId, table.createdAt),
    index("share_links_by_board").on(table.boardId).where(sql`${table.boardId} IS NOT NULL`),
  ],
);

export const schema = {
  visitors,
  generations,
  images,
  quotaGate,
  revokedSessions,
  signInAttempts,
  boards,
  boardImages,
  favourites,
  shareLinks,
};

/** The parts read these rows as the SQLite store's records: the two must stay the same shape. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameRecords: [
  Same<typeof generations.$inferSelect, GenerationRecord>,
  Same<typeof images.$inferSelect, ImageRecord>,
  Same<typeof boards.$inferSelect, BoardRecord>,
  Same<typeof shareLinks.$inferSelect, ShareLinkRecord>,
] = [true, true, true, true];
void sameRecords;
