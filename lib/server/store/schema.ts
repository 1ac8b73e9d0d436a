import "server-only";
import { integer, real, sqliteTable, text, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import type { KeepRegion, RegionOutcome } from "@/lib/shared/marks/region";
import { GENERATION_STATUSES, type GenerationParameters, type GenerationStatus, type ImageMime, type ReplayStep, type SeedreamModel } from "@/lib/shared/records";

/**
 * The tables as Drizzle sees them, for typed queries. The DDL that creates them (with checks and
 * indexes) is in migrations.ts; tests/store-migrations.test.ts checks that the two agree.
 * Timestamps are integer milliseconds since the epoch.
 */

export const visitors = sqliteTable("visitors", {
  id: text("id").primaryKey(),
  createdAt: integer("created_at").notNull(),
  lastSeenAt: integer("last_seen_at").notNull(),
});

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
});

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
});

/** Passcode sessions ended by Sign out; kept until the cookie would have expired. */
export const revokedSessions = sqliteTable("revoked_sessions", {
  id: text("id").primaryKey(),
  expiresAt: integer("expires_at").notNull(),
});

export const schema = { visitors, generations, images, revokedSessions };
