import "server-only";
import type { Readable } from "node:stream";
import type { BlobReader } from "./blobs/blob-store";
import type { ImageMime } from "@/lib/shared/records";
import type { KeepRegion, RegionOutcome } from "@/lib/shared/marks/region";
import type { GenerationParameters, ReplayStep, SeedreamModel } from "@/lib/shared/records";
import type { boards, generations, images, shareLinks } from "./sqlite/schema";
import type { ShareKind } from "@/lib/shared/boards";
import type { PendingThumbnail } from "@/lib/server/images/thumbnail";
import type { JobQueuePart } from "./job-queue";

export type { GenerationParameters, GenerationStatus, ReplayStep, SeedreamModel } from "@/lib/shared/records";

/** Plain objects, camelCase, timestamps in epoch milliseconds; safe to hand to the UI layer. */
export type GenerationRecord = typeof generations.$inferSelect;
export type ImageRecord = typeof images.$inferSelect;
export type BoardRecord = typeof boards.$inferSelect;
export type ShareLinkRecord = typeof shareLinks.$inferSelect;

export interface ImageBytes {
  bytes: Buffer;
  mime: ImageMime;
  width: number;
  height: number;
  /** Made from the pixels whoever checked these bytes decoded; the store makes one itself without it. */
  thumbnail?: PendingThumbnail;
}

export type SaveImageInput =
  | (ImageBytes & { visitorId: string; origin: "upload"; fileName?: string; clientIp?: string })
  | (ImageBytes & { visitorId: string; origin: "output"; generationId: string; outputIndex: number; seed?: number });

export interface CreateGenerationInput {
  visitorId: string;
  model: SeedreamModel;
  prompt: string;
  parameters: GenerationParameters;
  /** Ordered; each must be an image this visitor can read. */
  inputImageIds: readonly string[];
  retryOf?: string;
  /** Where the request came from, kept for the per-IP quota; omitted when unknown. */
  clientIp?: string;
  /** The original generation this job re-runs as a step of a replayed chain; the visitor's, dismissed or not. */
  replayOf?: string;
  /** The chain's steps after this one; omitted or empty for the last. */
  replayPlan?: readonly ReplayStep[];
  /** The step whose plan this job takes over: its plan is cleared in the same write, so a chain goes on once. */
  takesPlanFrom?: string;
  /**
   * The browser's id for this request. A second request with the same id from the same visitor
   * (an answer lost on the way, a double click) gets the job already recorded, and nothing is added.
   */
  clientRequestId?: string;
  /** A painted region to keep the outside of; its image must be one the visitor can read. */
  region?: KeepRegion;
}

/** A generation as quotas count it: when it was recorded and how many images it asked for. */
export interface CountedGeneration {
  createdAt: number;
  images: number;
}

/** Generations that count toward quotas, oldest first; an empty list when that part was not asked for. */
export interface ImageUsage {
  visitor: CountedGeneration[];
  clientIp: CountedGeneration[];
  /** Images the whole deployment has asked for since `dayStart`. */
  deploymentToday: number;
}

/**
 * What a quota needs before a generation is recorded. The store counts, inside the same write as
 * the insert, and `admit` decides: it throws to refuse, and nothing is recorded.
 */
export interface GenerationAdmission {
  /** Count the visitor's (and clientIp's) generations recorded after this moment: a sliding window. */
  windowStart?: number;
  /** The client IP whose window is counted too; omitted when the IP is unknown. */
  clientIp?: string;
  /** Count the deployment's images recorded since this moment: a daily cap. */
  dayStart?: number;
  admit(usage: ImageUsage): void;
}

/** What succeeded generations cost: their stored outputs and the credits the provider reported. */
export interface Spend {
  images: number;
  credits: number;
}

interface GenerationOutcome {
  outputs: ImageBytes[];
  seed?: number;
  /** Per output, the seed it was made with when each came from its own call; else `seed` for all. */
  outputSeeds?: ReadonlyArray<number | undefined>;
  /** Some calls of the generation failed while others succeeded: kept as its error, beside the outputs. */
  shortfall?: GenerationFailure;
  creditsUsed?: number;
  providerRequestId?: string;
  /** With a painted region: what became of each output, in order. */
  regionOutcomes?: RegionOutcome[];
}

/** A failure as the jobs layer words it: the store keeps the code and sentence, it does not invent them. */
export interface GenerationFailure {
  code: string;
  message: string;
}

export type ImageVariant = "original" | "thumbnail";

export interface OpenedImage {
  record: ImageRecord;
  stream: Readable;
  size: number;
  mime: string;
  /** A strong, quoted ETag: the bytes behind an image id never change. */
  etag: string;
}

/** A generation with its live outputs in index order: none while pending or after a failure. */
export interface GenerationWithOutputs {
  generation: GenerationRecord;
  outputs: ImageRecord[];
}

/** One card in the gallery: a generation whatever its state, or an upload. */
export type GalleryItem = ({ kind: "generation" } & GenerationWithOutputs) | { kind: "upload"; image: ImageRecord };

export interface GalleryPage {
  items: GalleryItem[];
  /** Of this page's images: the starred ones, and the boards each is on. */
  organised?: ImageOrganisation;
  /** Opaque; pass it back for the next (older) page. Null on the last page. */
  nextCursor: string | null;
}

/**
 * An image's family: the focus, its ancestors through every input, the descendants of all of
 * them, and every output of each generation on the way; only readable images.
 */
export interface Family {
  focus: ImageRecord;
  /** Nearest to the focus first (the focus itself leads); the farthest are left out past the bound. */
  images: ImageRecord[];
  /** Every generation with an output in `images`, dismissed ones included. */
  generations: GenerationRecord[];
  truncated: boolean;
}

/** A generation on an image's path back through first inputs, and which of its outputs the path took. */
export interface ChainLink {
  generation: GenerationRecord;
  outputIndex: number;
}

export interface SessionExport {
  images: ImageRecord[];
  generations: GenerationRecord[];
  /** False when the visitor has more than the bounds in limits.ts: the lists were cut short. */
  complete: boolean;
}

interface SessionExportOptions {
  /** Only these images (and their generations): one image's provenance for a download. */
  imageIds?: readonly string[];
}

/**
 * Everything the studio keeps, in parts bound to one database and one blob store. Every
 * visitor-scoped call treats another visitor's id exactly like a missing one: null or false, never
 * an error that tells them apart.
 *
 * An image is readable while it is live, or deleted but still an input of one of its visitor's
 * generations that is not deleted (so lineage and Retry keep working). Its bytes are removed when
 * no readable image row uses them any more.
 */
export interface Store {
  visitors: VisitorsPart;
  images: ImagesPart;
  generations: GenerationsPart;
  runs: RunsPart;
  gallery: GalleryPart;
  lineage: LineagePart;
  exports: ExportsPart;
  usage: UsagePart;
  signIns: SignInsPart;
  disk: DiskPart;
  sessions: SessionsPart;
  boards: BoardsPart;
  favourites: FavouritesPart;
  shares: SharesPart;
  /** The shared job queue on PostgreSQL; null in the embedded store, whose one process queues in memory. */
  jobQueue: JobQueuePart | null;
  close(): Promise<void>;
}

export interface VisitorsPart {
  /** Records the visitor on first sight and refreshes last_seen_at at most hourly. */
  ensure(visitorId: string): Promise<void>;
}

export interface ImagesPart {
  /**
   * Writes the original, then the row; the thumbnail is started right after, in the background
   * (open waits for it). Throws StoreError invalid_input when the bytes' header is not the declared
   * mime, width and height, not_found for an output of someone else's generation.
   */
  save(input: SaveImageInput): Promise<ImageRecord>;
  get(visitorId: string, imageId: string): Promise<ImageRecord | null>;
  open(visitorId: string, imageId: string, variant: ImageVariant): Promise<OpenedImage | null>;
  read(visitorId: string, imageId: string): Promise<Buffer | null>;
  /** The stored original, read in parts (a download that writes metadata into it). */
  reader(visitorId: string, imageId: string): Promise<BlobReader | null>;
  /** Hides a live image; deleting a succeeded generation's last live output deletes the generation too. */
  delete(visitorId: string, imageId: string): Promise<boolean>;
}

export interface GenerationsPart {
  /**
   * Records a queued generation, or with `running` one already running (its runner holds a slot for
   * it). Throws StoreError not_found if an input or retryOf is not the visitor's, and whatever
   * `admission.admit` throws when a quota refuses it. A request id recorded before answers with that
   * job as it is.
   */
  create(input: CreateGenerationInput, admission?: GenerationAdmission, options?: { running?: boolean }): Promise<GenerationRecord>;
  get(visitorId: string, generationId: string): Promise<GenerationRecord | null>;
  /** The generation as its gallery card shows it, for polling pending jobs; null like get. */
  withOutputs(visitorId: string, generationId: string): Promise<GenerationWithOutputs | null>;
  cancel(visitorId: string, generationId: string): Promise<boolean>;
  /** Dismisses a generation's card and deletes its outputs; cancels it first if it is still pending. */
  dismiss(visitorId: string, generationId: string): Promise<boolean>;
  /**
   * Records a job that was refused before it could be queued (a replay step a quota turned down),
   * as failed with `failure`, never sent and not counted by quotas. Inputs the visitor can no longer
   * read are left out: naming them would keep a deleted image alive.
   */
  recordRefused(input: CreateGenerationInput, failure: GenerationFailure): Promise<GenerationRecord>;
}

/**
 * The runner's side of a generation: unscoped by visitor, because the runner only ever holds ids
 * that the store itself handed out. Never pass these an id that came from a request.
 */
export interface RunsPart {
  get(generationId: string): Promise<GenerationRecord | null>;
  /** queued → running; false if it was not queued (canceled meanwhile, or already taken). */
  markRunning(generationId: string): Promise<boolean>;
  /**
   * Stores every output, then running → succeeded in one transaction; null (and nothing kept) if no
   * longer running, or, given an owner, no longer that process's claim (see job-queue.ts). Answers
   * the job and its outputs as the transaction wrote them, which is what withOutputs reads after.
   */
  complete(generationId: string, outcome: GenerationOutcome, owner?: string): Promise<GenerationWithOutputs | null>;
  /**
   * Writes an output's bytes to the blob store before its row, while they are still being checked,
   * so complete() finds them written. Answers the blob's key; dropUnlanded removes what no row took.
   */
  writeAhead(bytes: Buffer): Promise<string>;
  /** Removes blobs written ahead that no image row uses (the job failed, or its outputs were replaced). */
  dropUnlanded(blobKeys: readonly string[]): Promise<void>;
  /** queued/running → failed (or interrupted); false if it had already finished (or, given an owner, is not its claim). */
  fail(generationId: string, failure: GenerationFailure, status?: "failed" | "interrupted", owner?: string): Promise<boolean>;
  /** At start-up: every queued or running job belonged to a process that is gone. Returns how many. */
  interruptUnfinished(failure: GenerationFailure): Promise<number>;
  /**
   * Succeeded replay steps still holding a plan, whose next step was never recorded; only those that
   * finished before `finishedBefore` when given (another live process may be recording the next one).
   */
  listStalledReplays(finishedBefore?: number): Promise<GenerationRecord[]>;
}

/**
 * What the gallery is narrowed to; every field optional, all given ones apply together. With a
 * board or favourites, a generation's card holds only its outputs that match.
 */
export interface GalleryFilter {
  /** Each word must appear in the prompt (an upload's file name), case-insensitively. */
  words?: readonly string[];
  /** Only these provider models' generations (uploads have none, so they are left out). */
  models?: readonly SeedreamModel[];
  /** Made at or after this moment, and before `before` (epoch ms). */
  since?: number;
  before?: number;
  favourites?: boolean;
  boardId?: string;
}

export interface GalleryPart {
  /**
   * Newest first; limit defaults to 30, at most 100. Throws StoreError invalid_input for a malformed
   * cursor. Each page also says which of its images are favourites and on which boards.
   */
  list(visitorId: string, options?: { cursor?: string | null; limit?: number; filter?: GalleryFilter }): Promise<GalleryPage>;
}

export interface LineagePart {
  /** Null like images.get; `maxImages` defaults to LINEAGE_MAX_IMAGES. */
  family(visitorId: string, imageId: string, options?: { maxImages?: number }): Promise<Family | null>;
  /**
   * The image's path back through first inputs, nearest first: its own generation, then the one
   * that made that generation's first input, and so on to an upload or a text-to-image job. At most
   * `maxLinks` links; empty for an upload; null like images.get.
   */
  chain(visitorId: string, imageId: string, maxLinks: number): Promise<ChainLink[] | null>;
}

export interface ExportsPart {
  /** Readable images and the generations behind them, oldest first, for export and download provenance. */
  read(visitorId: string, options?: SessionExportOptions): Promise<SessionExport>;
}

export interface UsagePart {
  /** Succeeded generations recorded since `since`: the visitor's, or with no visitor the whole deployment's. */
  spendSince(since: number, visitorId?: string): Promise<Spend>;
}

export interface SignInWindow {
  now: number;
  /** Counts untouched this long are forgotten. */
  forgetAfterMs: number;
  /** At most this many guessers are remembered; the longest quiet go first. */
  maxEntries: number;
}

/** The passcode throttle's counts (see lib/server/passcode/throttle.ts for what they mean). */
export interface SignInsPart {
  /** Wrong tries on record for these keys (the most of any), then counts this try as wrong for all of them. */
  begin(keys: readonly string[], window: SignInWindow): Promise<number>;
  /** A right passcode clears the keys' counts. */
  forgive(keys: readonly string[]): Promise<void>;
  wrongTries(key: string, window: Omit<SignInWindow, "maxEntries">): Promise<number>;
}

/** What the studio's images take on disk, and removing visitors who never came back. */
export interface DiskPart {
  /** Upload bytes kept since `since` by this visitor, and from this address. */
  uploadBytesSince(since: number, who: { visitorId: string; clientIp?: string }): Promise<{ visitor: number; clientIp: number }>;
  /** What the image files take on disk: each blob a readable row keeps, once. */
  storedBytes(): Promise<number>;
  /** Removes visitors last seen before `cutoff` with all they made; returns how many. */
  pruneVisitorsNotSeenSince(cutoff: number): Promise<number>;
}

/** Passcode sessions ended by Sign out. */
export interface SessionsPart {
  /** Refused until `expiresAt`, when its cookie would have expired anyway. */
  revoke(id: string, expiresAt: number): Promise<void>;
  /** Revoked sessions still unexpired; expired ones are forgotten on the way. */
  listRevoked(now: number): Promise<string[]>;
}

/** Which images are starred, and the boards each image is on (only images that are on one). */
export interface ImageOrganisation {
  favourites: string[];
  boards: Record<string, string[]>;
}

export interface BoardSummary extends BoardRecord {
  imageCount: number;
}

/** A board's readable images, newest on the board first, with the generations that made them. */
export interface BoardContents {
  board: BoardRecord;
  images: ImageRecord[];
  generations: GenerationRecord[];
}

/**
 * Boards belong to one visitor; every call treats another visitor's board like a missing one.
 * Refusals a person can fix (too many boards, a name taken) throw StoreError invalid_input with a
 * sentence; an image that is not the visitor's live image throws not_found.
 */
export interface BoardsPart {
  /** Oldest first, with how many readable images each holds. */
  list(visitorId: string): Promise<BoardSummary[]>;
  create(visitorId: string, name: string): Promise<BoardRecord>;
  rename(visitorId: string, boardId: string, name: string): Promise<BoardRecord | null>;
  /** The board, its memberships and its share links go; the images stay. */
  delete(visitorId: string, boardId: string): Promise<boolean>;
  /** New results land on this board too (null: on none); the previous choice is cleared. */
  setAutoAdd(visitorId: string, boardId: string | null): Promise<boolean>;
  /** Adding an image already there, or removing one that is not, changes nothing. */
  addImages(visitorId: string, boardId: string, imageIds: readonly string[]): Promise<boolean>;
  removeImages(visitorId: string, boardId: string, imageIds: readonly string[]): Promise<boolean>;
  /** The boards of every given image of the visitor's that is on one. */
  ofImages(visitorId: string, imageIds: readonly string[]): Promise<Map<string, string[]>>;
  /** At most `limit` images; null like get. */
  contents(visitorId: string, boardId: string, limit: number): Promise<BoardContents | null>;
  get(visitorId: string, boardId: string): Promise<BoardRecord | null>;
  /** Whether the image is a live image on the board. */
  holds(visitorId: string, boardId: string, imageId: string): Promise<boolean>;
}

export interface FavouritesPart {
  /** Stars or unstars a live image of the visitor's; false when there is no such image. */
  set(visitorId: string, imageId: string, favourite: boolean): Promise<boolean>;
  among(visitorId: string, imageIds: readonly string[]): Promise<Set<string>>;
}

export type ShareTarget = { kind: "image" | "lineage"; imageId: string } | { kind: "board"; boardId: string };

export interface SharesPart {
  /**
   * A new link with a fresh random token. Throws not_found when the image or board is not the
   * visitor's, invalid_input past the per-visitor bound of live links.
   */
  create(visitorId: string, target: ShareTarget): Promise<ShareLinkRecord>;
  /** Live links, newest first. */
  list(visitorId: string): Promise<ShareLinkRecord[]>;
  /** The link, now revoked; null when it is missing, someone else's or already revoked. */
  revoke(visitorId: string, linkId: string): Promise<ShareLinkRecord | null>;
  /** The live link behind a token, or null: a wrong, revoked or deleted link are all the same. */
  open(token: string): Promise<ShareLinkRecord | null>;
  /** Live links of these boards, for announcing a board's changes to its shared pages. */
  ofBoards(boardIds: readonly string[]): Promise<ShareLinkRecord[]>;
}
