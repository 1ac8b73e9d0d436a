import "server-only";
import type { KeepRegion, RegionOutcome } from "@/lib/shared/marks/region";
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { SHARE_KINDS, type ShareKind } from "@/lib/shared/boards";
import { GENERATION_STATUSES, type GenerationParameters, type GenerationStatus, type ImageMime, type ReplayStep, type SeedreamModel } from "@/lib/shared/records";

/**
 * The tables, their checks and indexes, as Drizzle sees them: typed queries read them, and
 * `npm run db:generate` turns a change here into the next migration under ./migrations.
 * Timestamps are integer milliseconds since the epoch.
 */

export const visitors = sqliteTable("visitors", {
  id: text("id").primaryKey(),
  createdAt: integer("created_at").notNull(),
  lastSeenAt: integer("last_seen_at").notNull(),
}, (table) => [
  // Retention finds visitors who have not come back without scanning them all.
  index("visitors_by_last_seen").on(table.lastSeenAt),
]);

export const generations = sqliteTable("generations", {
  id: text("id").primaryKey(),
  visitorId: text("visitor_id")
    .notNull()
    .references(() => visitors.id),
  model: text("model").$type<SeedreamModel>().notNull(),
  prompt: text("prompt").notNull(),
  parameters: text("parameters", { mode: "json" }).$type<GenerationParameters>().notNull(),
  /** In the order the person put them in the tray: the provider reads them in that order. */
  inputImageIds: text("input_image_ids", { mode: "json" }).$type<string[]>().notNull(),
  status: text("status", { enum: GENERATION_STATUSES }).notNull(),
  errorCode: text("error_code"),
  errorMessage: text("error_message"),
  creditsUsed: real("credits_used"),
  /** The seed the provider reports it used, which may differ from the one asked for. */
  seed: integer("seed"),
  providerRequestId: text("provider_request_id"),
  createdAt: integer("created_at").notNull(),
  startedAt: integer("started_at"),
  finishedAt: integer("finished_at"),
  retryOf: text("retry_of").references((): AnySQLiteColumn => generations.id),
  /** Who asked, as far as the request's forwarding headers tell: counted by the per-IP quota. */
  clientIp: text("client_ip"),
  /** Dismissed from the gallery; the row stays so lineage and retries keep their history. */
  deletedAt: integer("deleted_at"),
  /** The original generation this job re-runs, when it is a step of a replayed chain. */
  replayOf: text("replay_of").references((): AnySQLiteColumn => generations.id),
  /**
   * The replayed chain's steps after this one, while this job holds them: null once the next step
   * is recorded (or when there is none), so a chain goes on exactly once.
   */
  replayPlan: text("replay_plan", { mode: "json" }).$type<ReplayStep[]>(),
  /** The browser's id for the request that recorded this job: one job per id and visitor. */
  clientRequestId: text("client_request_id"),
  /** The painted region whose outside is put back from the original after the result arrives. */
  region: text("region", { mode: "json" }).$type<KeepRegion>(),
  /** One per output once succeeded: composited onto the original, or kept as returned and why. */
  regionOutcomes: text("region_outcomes", { mode: "json" }).$type<RegionOutcome[]>(),
  /**
   * The process running the job, while several share a PostgreSQL database (see
   * postgres/job-queue.ts); always null in the embedded store, whose one process runs every job.
   */
  leaseOwner: text("lease_owner"),
  /** Until when that process's claim holds unless it renews it: a lapsed claim is taken over. */
  leaseUntil: integer("lease_until"),
  /** When the provider was first asked: a job taken over after this may already have been charged for. */
  providerCalledAt: integer("provider_called_at"),
}, (table) => [
  check("generations_parameters_json", sql`json_valid(${table.parameters})`),
  check("generations_inputs_array", sql`json_type(${table.inputImageIds}) = 'array'`),
  check("generations_status", sql`${table.status} IN (${sql.raw(GENERATION_STATUSES.map((status) => `'${status}'`).join(", "))})`),
  check("generations_replay_plan_array", sql`${table.replayPlan} IS NULL OR json_type(${table.replayPlan}) = 'array'`),
  // The gallery walks this index newest first; id breaks ties within a millisecond.
  index("generations_by_visitor").on(table.visitorId, table.createdAt, table.id),
  // Start-up (and, later, other instances) look for unfinished jobs without scanning history.
  index("generations_unfinished").on(table.status).where(sql`${table.status} IN ('queued', 'running')`),
  // The per-IP sliding window and the daily cap each read one range, not the whole history.
  index("generations_by_client_ip").on(table.clientIp, table.createdAt).where(sql`${table.clientIp} IS NOT NULL`),
  index("generations_by_created_at").on(table.createdAt),
  // Start-up looks for chains whose next step was never recorded without scanning history.
  index("generations_holding_replay_plan").on(table.status).where(sql`${table.replayPlan} IS NOT NULL`),
  // A lineage asks which of a visitor's edits used some images: only edits can, so text-to-image
  // jobs (most of a gallery) are never read for it. lineage.ts repeats this WHERE so SQLite picks it.
  index("generations_edits_by_visitor").on(table.visitorId).where(sql`${table.inputImageIds} <> '[]'`),
  // The id the browser gave a start or retry: sent twice (a lost answer, a double click), it
  // names the job already recorded instead of paying for a second one.
  uniqueIndex("generations_by_client_request")
    .on(table.visitorId, table.clientRequestId)
    .where(sql`${table.clientRequestId} IS NOT NULL`),
]);

export const images = sqliteTable("images", {
  id: text("id").primaryKey(),
  visitorId: text("visitor_id")
    .notNull()
    .references(() => visitors.id),
  origin: text("origin", { enum: ["upload", "output"] }).notNull(),
  generationId: text("generation_id").references(() => generations.id),
  outputIndex: integer("output_index"),
  /** The uploaded file's own name, kept for provenance only; never used to find the bytes. */
  fileName: text("file_name"),
  blobKey: text("blob_key").notNull(),
  mime: text("mime").$type<ImageMime>().notNull(),
  width: integer("width").notNull(),
  height: integer("height").notNull(),
  bytes: integer("bytes").notNull(),
  sha256: text("sha256").notNull(),
  seed: integer("seed"),
  createdAt: integer("created_at").notNull(),
  deletedAt: integer("deleted_at"),
  /** The uploader's address (an IPv6 one by its /64), for the per-address upload allowance. */
  clientIp: text("client_ip"),
}, (table) => [
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
  // Origin second: the gallery pages through uploads without stepping over every output.
  index("images_by_visitor").on(table.visitorId, table.origin, table.createdAt, table.id),
  uniqueIndex("images_by_generation").on(table.generationId, table.outputIndex).where(sql`${table.generationId} IS NOT NULL`),
  // Deleting an image asks whether any other row still uses the same bytes.
  index("images_by_blob").on(table.blobKey),
  // Uploads count toward a per-address allowance as generations do; null on older rows.
  index("images_uploads_by_client_ip").on(table.clientIp, table.createdAt).where(sql`${table.clientIp} IS NOT NULL`),
]);

/** Passcode sessions ended by Sign out; kept until the cookie would have expired. */
export const revokedSessions = sqliteTable("revoked_sessions", {
  id: text("id").primaryKey(),
  expiresAt: integer("expires_at").notNull(),
});

/**
 * The passcode throttle's counts (lib/server/passcode/throttle.ts): wrong tries per guesser key,
 * forgotten after a quiet spell. In the database so every instance sees the same counts.
 */
export const signInAttempts = sqliteTable("sign_in_attempts", {
  key: text("key").primaryKey(),
  wrongTries: integer("wrong_tries").notNull(),
  lastTryAt: integer("last_try_at").notNull(),
}, (table) => [index("sign_in_attempts_by_last_try").on(table.lastTryAt)]);

/** A visitor's named collection of images; an image can be on several, and deleting one keeps the images. */
export const boards = sqliteTable("boards", {
  id: text("id").primaryKey(),
  visitorId: text("visitor_id")
    .notNull()
    .references(() => visitors.id),
  name: text("name").notNull(),
  /** The visitor's new results land on this board too; at most one board per visitor has it. */
  autoAdd: integer("auto_add", { mode: "boolean" }).notNull().default(false),
  createdAt: integer("created_at").notNull(),
}, (table) => [
  uniqueIndex("boards_by_visitor_name").on(table.visitorId, table.name),
  uniqueIndex("boards_auto_add").on(table.visitorId).where(sql`${table.autoAdd} = 1`),
]);

export const boardImages = sqliteTable("board_images", {
  boardId: text("board_id")
    .notNull()
    .references(() => boards.id),
  imageId: text("image_id")
    .notNull()
    .references(() => images.id),
  addedAt: integer("added_at").notNull(),
}, (table) => [
  primaryKey({ columns: [table.boardId, table.imageId] }),
  // A board's page and the gallery's board filter walk this newest first.
  index("board_images_by_board").on(table.boardId, table.addedAt, table.imageId),
  // Which boards hold an image: the gallery's board menu and a shared board's live updates.
  index("board_images_by_image").on(table.imageId),
]);

/** Starred images: one row per image, which belongs to exactly one visitor. */
export const favourites = sqliteTable("favourites", {
  imageId: text("image_id")
    .primaryKey()
    .references(() => images.id),
  visitorId: text("visitor_id")
    .notNull()
    .references(() => visitors.id),
  createdAt: integer("created_at").notNull(),
}, (table) => [index("favourites_by_visitor").on(table.visitorId, table.createdAt)]);

/**
 * Read-only links to one image, one image's lineage, or one board. The token is the link's only
 * secret (128 random bits or more); a revoked link keeps its row so the visitor's list can say so.
 */
export const shareLinks = sqliteTable("share_links", {
  id: text("id").primaryKey(),
  token: text("token").notNull(),
  visitorId: text("visitor_id")
    .notNull()
    .references(() => visitors.id),
  kind: text("kind").$type<ShareKind>().notNull(),
  imageId: text("image_id").references(() => images.id),
  boardId: text("board_id").references(() => boards.id),
  createdAt: integer("created_at").notNull(),
  revokedAt: integer("revoked_at"),
}, (table) => [
  check("share_links_kind", sql`${table.kind} IN (${sql.raw(SHARE_KINDS.map((kind) => `'${kind}'`).join(", "))})`),
  check(
    "share_links_target",
    sql`(${table.kind} = 'board' AND ${table.boardId} IS NOT NULL AND ${table.imageId} IS NULL)
      OR (${table.kind} <> 'board' AND ${table.imageId} IS NOT NULL AND ${table.boardId} IS NULL)`,
  ),
  uniqueIndex("share_links_by_token").on(table.token),
  index("share_links_by_visitor").on(table.visitorId, table.createdAt),
  index("share_links_by_board").on(table.boardId).where(sql`${table.boardId} IS NOT NULL`),
]);

export const schema = { visitors, generations, images, revokedSessions, signInAttempts, boards, boardImages, favourites, shareLinks };
