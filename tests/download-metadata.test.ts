import { crc32 } from "node:zlib";
import ExifReader from "exifreader";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { attachment } from "@/lib/server/export/content-disposition";
import { downloadFile } from "@/lib/server/export/download-file";
import { headerSegments } from "@/lib/server/export/metadata/jpeg";
import { pngChunks, type PngChunk } from "@/lib/server/export/metadata/png";
import { webpChunks } from "@/lib/server/export/metadata/webp";
import { downloadFileName } from "@/lib/shared/gallery/download-name";
import { toGenerationView, toImageView } from "@/lib/shared/gallery/view";
import { PROMPT_MAX_CHARS } from "@/lib/shared/seedream/limits";
import type { ImageBytes, Store } from "@/lib/server/store";
import { png, SETTINGS, useTempStore } from "./support/store-fixtures";

const stores = useTempStore();
afterEach(() => stores.cleanup());

const A = "visitor-a";
const B = "visitor-b";
const EDIT = "bytedance/seedream-v4-edit";

async function encoded(format: "jpeg" | "webp" | "webp-lossless" | "webp-icc"): Promise<ImageBytes> {
  const base = sharp((await png(96, 64, 33)).bytes);
  const bytes = await {
    jpeg: () => base.jpeg({ quality: 80 }).toBuffer(),
    webp: () => base.webp().toBuffer(),
    // Lossless with real transparency: a simple VP8L file whose header says it uses alpha.
    "webp-lossless": () => base.removeAlpha().ensureAlpha(0.5).webp({ lossless: true }).toBuffer(),
    // An ICC profile makes sharp write the extended format (VP8X + ICCP) already.
    "webp-icc": () => base.withIccProfile("srgb").webp().toBuffer(),
  }[format]();
  return { bytes, mime: format === "jpeg" ? "image/jpeg" : "image/webp", width: 96, height: 64 };
}

/** Two uploads, then an edit of them (second one twice) whose output is `output`. */
async function editChain(store: Store, prompt: string, output: ImageBytes) {
  const first = await store.images.save({ visitorId: A, origin: "upload", fileName: "harbour.png", ...(await png(64, 64, 1)) });
  const second = await store.images.save({ visitorId: A, origin: "upload", ...(await png(64, 64, 2)) });
  const inputImageIds = [second.id, first.id, second.id];
  const generation = await store.generations.create({ visitorId: A, model: EDIT, prompt, parameters: SETTINGS, inputImageIds });
  await store.runs.markRunning(generation.id);
  await store.runs.complete(generation.id, { outputs: [output], seed: 987_654 });
  const made = await store.generations.withOutputs(A, generation.id);
  return { first, second, inputImageIds, generation: made!.generation, output: made!.outputs[0]!, outputs: made!.outputs };
}

/** The download as the route sends it, read whole for the checks. */
async function downloaded(store: Store, visitorId: string, imageId: string) {
  const file = await downloadFile(store, visitorId, imageId);
  return file && { ...file, bytes: await file.bytes() };
}

async function rawPixels(bytes: Buffer): Promise<Buffer> {
  return sharp(bytes).raw().toBuffer();
}

type XmpField = { value: unknown; description: string };

function xmpOf(bytes: Buffer): Record<string, XmpField | undefined> {
  return ExifReader.load(bytes, { expanded: true }).xmp ?? {};
}

function textKeyword(bytes: Buffer, chunk: PngChunk): string | null {
  if (chunk.type !== "tEXt" && chunk.type !== "iTXt") return null;
  const data = bytes.subarray(chunk.start + 8, chunk.end - 4);
  return data.toString("latin1", 0, data.indexOf(0));
}

/** The file with the download's text chunks taken out again: what is left must be the original. */
async function withoutPngText(bytes: Buffer, keywords: string[]): Promise<Buffer> {
  const kept = (await pngChunks(bytes)).filter((chunk) => !keywords.includes(textKeyword(bytes, chunk) ?? ""));
  return Buffer.concat([bytes.subarray(0, 8), ...kept.map((chunk) => bytes.subarray(chunk.start, chunk.end))]);
}

/** Readers skip a text chunk whose CRC is wrong without a word, so the test checks every CRC itself. */
async function badCrcs(bytes: Buffer): Promise<string[]> {
  return (await pngChunks(bytes))
    .filter((chunk) => crc32(bytes.subarray(chunk.start + 4, chunk.end - 4)) !== bytes.readUInt32BE(chunk.end - 4))
    .map((chunk) => chunk.type);
}

describe("a downloaded image", () => {
  it("carries a PNG result's prompt, seed, model, size and ordered parents, readable by ExifReader and sharp", async () => {
    const store = await stores.open(await stores.dataDir());
    const chain = await editChain(store, "A harbour at dawn", await png(160, 120, 7));
    const file = await downloaded(store, A, chain.output.id);
    const original = (await store.images.read(A, chain.output.id))!;

    const parents = chain.inputImageIds.join(", ");
    const parameters = `A harbour at dawn\nSeed: 987654, Size: 160x120, Model: ${EDIT}, Parents: "${parents}"`;
    expect((await sharp(file!.bytes).metadata()).comments).toEqual([{ keyword: "parameters", text: parameters }]);
    const tags = ExifReader.load(file!.bytes, { expanded: true });
    expect(tags.pngText?.parameters?.description).toBe(parameters);

    const xmp = xmpOf(file!.bytes);
    expect(xmp.description?.description).toBe("A harbour at dawn");
    expect(xmp.Seed?.value).toBe("987654");
    expect(xmp.Model?.value).toBe(EDIT);
    expect([xmp.Width?.value, xmp.Height?.value]).toEqual(["160", "120"]);
    expect(xmp.ImageId?.value).toBe(chain.output.id);
    expect((xmp.Parents?.value as { value: string }[]).map((item) => item.value)).toEqual(chain.inputImageIds);

    expect(file!.mime).toBe("image/png");
    expect(await badCrcs(file!.bytes)).toEqual([]);
    expect((await withoutPngText(file!.bytes, ["parameters", "XML:com.adobe.xmp"])).equals(original)).toBe(true);
    expect((await rawPixels(file!.bytes)).equals(await rawPixels(original))).toBe(true);
  });

  it("keeps a long prompt with line breaks and any script exactly, in iTXt when Latin-1 cannot hold it", async () => {
    const store = await stores.open(await stores.dataDir());
    const line = 'Ein Leuchtturm — 灯台 🗼 & <sea> "quoted" \\ back\tslash\r\n';
    const prompt = `${line.repeat(Math.floor(PROMPT_MAX_CHARS / line.length))}end`.slice(0, PROMPT_MAX_CHARS);
    const chain = await editChain(store, prompt, await png(80, 80, 9));
    const file = (await downloaded(store, A, chain.output.id))!;

    const parameters = (await sharp(file.bytes).metadata()).comments?.[0]?.text ?? "";
    expect(parameters.slice(0, prompt.length)).toBe(prompt);
    expect(parameters.slice(prompt.length)).toMatch(/^\nSeed: 987654, Size: 80x80, /);
    expect(xmpOf(file.bytes).description?.description).toBe(prompt);
    expect((await pngChunks(file.bytes)).map((chunk) => chunk.type).slice(0, 3)).toEqual(["IHDR", "iTXt", "iTXt"]);

    // Latin-1 fits tEXt by the spec, but readers disagree on decoding it; only ASCII goes there.
    const latin = (await downloaded(store, A, (await editChain(store, "Café crème", await png(80, 80, 10))).output.id))!;
    expect((await pngChunks(latin.bytes)).map((chunk) => chunk.type).slice(0, 3)).toEqual(["IHDR", "iTXt", "iTXt"]);
    expect((await sharp(latin.bytes).metadata()).comments?.[0]?.text).toMatch(/^Café crème\n/);
    const ascii = (await downloaded(store, A, (await editChain(store, "Plain coffee", await png(80, 80, 11))).output.id))!;
    expect((await pngChunks(ascii.bytes)).map((chunk) => chunk.type).slice(0, 3)).toEqual(["IHDR", "tEXt", "iTXt"]);
  });

  it("writes XMP into a JPEG as an APP1 segment without touching the scan", async () => {
    const store = await stores.open(await stores.dataDir());
    const chain = await editChain(store, "Lanterns on a river", await encoded("jpeg"));
    const file = (await downloaded(store, A, chain.output.id))!;
    const original = (await store.images.read(A, chain.output.id))!;

    const xmp = xmpOf(file.bytes);
    expect(xmp.description?.description).toBe("Lanterns on a river");
    expect((xmp.Parents?.value as { value: string }[]).map((item) => item.value)).toEqual(chain.inputImageIds);
    expect((await sharp(file.bytes).metadata()).xmp?.toString("utf8")).toContain("<dc:description>");

    const added = (await headerSegments(file.bytes)).filter((segment) => !original.includes(file.bytes.subarray(segment.start, segment.end)));
    expect(added).toHaveLength(1);
    const [segment] = added;
    const rebuilt = Buffer.concat([file.bytes.subarray(0, segment!.start), file.bytes.subarray(segment!.end)]);
    expect(rebuilt.equals(original)).toBe(true);
    expect((await rawPixels(file.bytes)).equals(await rawPixels(original))).toBe(true);
  });

  it.each(["webp", "webp-lossless", "webp-icc"] as const)("writes XMP into a %s file and announces it in VP8X", async (format) => {
    const store = await stores.open(await stores.dataDir());
    const chain = await editChain(store, "Fog over a pine forest", await encoded(format));
    const file = (await downloaded(store, A, chain.output.id))!;
    const original = (await store.images.read(A, chain.output.id))!;

    expect(xmpOf(file.bytes).description?.description).toBe("Fog over a pine forest");
    const before = await sharp(original).metadata();
    expect(before.hasAlpha).toBe(format === "webp-lossless");
    const after = await sharp(file.bytes).metadata();
    expect([after.format, after.width, after.height, after.hasAlpha]).toEqual(["webp", 96, 64, before.hasAlpha]);
    expect(after.icc?.equals(before.icc ?? Buffer.alloc(0)) ?? !before.icc).toBe(true);
    expect(after.xmp?.toString("utf8")).toContain("Fog over a pine forest");

    const chunks = await webpChunks(file.bytes);
    expect(file.bytes.readUInt32LE(4)).toBe(file.bytes.length - 8);
    expect(chunks.at(-1)?.end).toBe(file.bytes.length);
    const [header] = chunks;
    expect(header?.fourcc).toBe("VP8X");
    // Flags: XMP (0x04) set, alpha (0x10) as the bitstream has it; then the canvas, each side − 1.
    expect([(header!.head[0]! & 0x04) !== 0, (header!.head[0]! & 0x10) !== 0]).toEqual([true, format === "webp-lossless"]);
    expect([header!.head.readUIntLE(4, 3) + 1, header!.head.readUIntLE(7, 3) + 1]).toEqual([96, 64]);
    expect(chunks.at(-1)?.fourcc).toBe("XMP ");
    for (const chunk of (await webpChunks(original)).filter((each) => each.fourcc !== "VP8X")) {
      expect(file.bytes.includes(original.subarray(chunk.start, chunk.end))).toBe(true);
    }
    expect((await rawPixels(file.bytes)).equals(await rawPixels(original))).toBe(true);
  });

  it("gives an upload its file name and no parents or parameters", async () => {
    const store = await stores.open(await stores.dataDir());
    const upload = await store.images.save({ visitorId: A, origin: "upload", fileName: "湖の写真 & <co>.png", ...(await png(72, 72, 4)) });
    const file = (await downloaded(store, A, upload.id))!;

    expect((await sharp(file.bytes).metadata()).comments).toEqual([{ keyword: "Title", text: "湖の写真 & <co>.png" }]);
    const xmp = xmpOf(file.bytes);
    expect(xmp.title?.description).toBe("湖の写真 & <co>.png");
    expect([xmp.Origin?.value, xmp.description, xmp.Parents, xmp.Seed]).toEqual(["upload", undefined, undefined, undefined]);
    expect(file.name).toBe("湖の写真 & _co_.png");

    // XML cannot hold a control character or half a surrogate pair; the packet must still parse.
    const odd = await store.images.save({ visitorId: A, origin: "upload", fileName: "a\u0001b\ud800.png", ...(await png(72, 72, 5)) });
    expect(xmpOf((await downloaded(store, A, odd.id))!.bytes).title?.description).toBe("ab\ufffd.png");
  });

  it.each(["png", "jpeg", "webp"] as const)("replaces the XMP packet a %s already had, so readers see one", async (format) => {
    const store = await stores.open(await stores.dataDir());
    const old = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>someone else</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>';
    const bytes = await sharp((await png(64, 64, 5)).bytes).withXmp(old).toFormat(format).toBuffer();
    expect((await sharp(bytes).metadata()).xmp?.toString("utf8")).toContain("someone else");
    const mime = ({ png: "image/png", jpeg: "image/jpeg", webp: "image/webp" } as const)[format];
    const chain = await editChain(store, "A quiet street", { bytes, mime, width: 64, height: 64 });
    const file = (await downloaded(store, A, chain.output.id))!;

    // Where each format keeps its packet: the PNG keyword, the JPEG segment's header, the RIFF chunk id.
    const marker = { png: "XML:com.adobe.xmp\0", jpeg: "http://ns.adobe.com/xap/1.0/\0", webp: "XMP " }[format];
    expect(file.bytes.toString("latin1").split(marker).length - 1).toBe(1);
    expect((await sharp(file.bytes).metadata()).xmp?.toString("utf8")).not.toContain("someone else");
    expect(xmpOf(file.bytes).description?.description).toBe("A quiet street");
    expect((await rawPixels(file.bytes)).equals(await rawPixels(bytes))).toBe(true);
  });

  it("is named as the Download button names it, and is nobody else's", async () => {
    const store = await stores.open(await stores.dataDir());
    const chain = await editChain(store, "Two foxes in snow", await png(64, 64, 12));
    const file = (await downloaded(store, A, chain.output.id))!;
    expect(file.name).toBe(downloadFileName(toImageView(chain.output), toGenerationView(chain.generation, chain.outputs)));
    expect(file.name).toMatch(/^seedream-\d{4}-\d{2}-\d{2}-two-foxes-in-snow-seed-987654-1\.png$/);

    expect(await downloaded(store, B, chain.output.id)).toBeNull();
    expect(await downloaded(store, A, "00000000-0000-7000-8000-000000000000")).toBeNull();
  });

  it("keeps its prompt after its generation was dismissed while another edit still uses it", async () => {
    const store = await stores.open(await stores.dataDir());
    const chain = await editChain(store, "A red kite", await png(64, 64, 13));
    const next = await store.generations.create({ visitorId: A, model: EDIT, prompt: "Make it blue", parameters: SETTINGS, inputImageIds: [chain.output.id] });
    expect(next.inputImageIds).toEqual([chain.output.id]);
    await store.generations.dismiss(A, chain.generation.id);

    const file = (await downloaded(store, A, chain.output.id))!;
    expect(xmpOf(file.bytes).description?.description).toBe("A red kite");
    expect(file.name).toMatch(/-a-red-kite-seed-987654\.png$/);
  });
});

describe("the attachment header", () => {
  it("names the file in UTF-8 with an ASCII fallback that nothing can break out of", () => {
    // A plain ASCII name needs no second, encoded copy.
    expect(attachment("seedream-session-2026-11-23.zip")).toBe(
      `attachment; filename="seedream-session-2026-11-23.zip"`,
    );
    expect(attachment('湖 "x"\\.png')).toBe(`attachment; filename="_ _x__.png"; filename*=UTF-8''%E6%B9%96%20%22x%22%5C.png`);
    expect(attachment("a\ud800b.png")).toContain("filename*=UTF-8''a%EF%BF%BDb.png");
  });
});
