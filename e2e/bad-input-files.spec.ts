import { API_ROUTES, galleryPath, generationsPath } from "@/lib/shared/api-routes";
import { crc32, deflateSync } from "node:zlib";
import { expect, test } from "@playwright/test";
import sharp from "sharp";
import type { GalleryPageView, GenerationView, ImageView } from "@/lib/shared/gallery/view";
import { expectRefused, sha256, startInput, Visitor, type Snapshot } from "./support/bad-input";
import { fakeApi } from "./support/fake-api";
import { accepted, imagesOf, type UploadedFile } from "./support/studio-actions";

/**
 * Hostile files through the upload action, someone else's ids, and paths where ids belong. Every
 * refusal is the one sentence for its reason; the server keeps answering, and nothing stored
 * before (this visitor's or anyone's) is lost.
 */

let alice: Visitor;
let before: Snapshot;

test.beforeAll(async ({ browser }) => {
  alice = await (await Visitor.open(browser)).withFirstImages();
});
test.afterAll(async () => alice?.close());

test.beforeEach(async ({ request }) => {
  await fakeApi.clear(request);
  before = await alice.snapshot();
});

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG written by hand: any size in the header, with `pixelRows` of filtered RGB data behind it. */
function handMadePng(width: number, height: number, pixelRows: Buffer, extraChunks: Buffer[] = []): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    ...extraChunks,
    chunk("IDAT", deflateSync(pixelRows, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const png = (name: string, buffer: Buffer): UploadedFile => ({ name, mimeType: "image/png", buffer });

async function expectUploadRefused(files: UploadedFile[], message: string): Promise<void> {
  const started = Date.now();
  expectRefused(await alice.actions.upload(files), "upload_rejected", message);
  // The refusal comes from reading a header or a size, never from decoding a giant: it is quick.
  expect(Date.now() - started).toBeLessThan(20_000);
  await alice.expectNoLoss(before);
}

test.describe("hostile files", () => {
  test("a decompression bomb: a PNG header claiming 100000 × 100000 pixels", async () => {
    // One row of zeros, compressed to a few hundred bytes; decoded, the image would need 30 GB.
    const bomb = handMadePng(100_000, 100_000, Buffer.alloc(1 + 3 * 100_000));
    expect(bomb.length).toBeLessThan(2_000);
    await expectUploadRefused([png("bomb.png", bomb)], "“bomb.png” has more than 40 megapixels.");
  });

  test("an SVG with a script in it", async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024"><script>alert(1)</script><rect width="10" height="10"/></svg>',
    );
    await expectUploadRefused(
      [{ name: "drawing.svg", mimeType: "image/svg+xml", buffer: svg }],
      "“drawing.svg” is not an image the studio can read.",
    );
  });

  test("an SVG dressed up as a PNG", async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" onload="alert(1)"/>');
    await expectUploadRefused([png("innocent.png", svg)], "“innocent.png” is not an image the studio can read.");
  });

  test("an HTML page named .png", async () => {
    const page = Buffer.from("<!doctype html><script>alert(1)</script>");
    await expectUploadRefused([png("page.png", page)], "“page.png” is not an image the studio can read.");
  });

  test("a PNG cut short after its header", async () => {
    const whole = await sharp({ create: { width: 256, height: 256, channels: 3, background: "#c63" } }).png().toBuffer();
    await expectUploadRefused([png("truncated.png", whole.subarray(0, 60))], "“truncated.png” is not an image the studio can read.");
  });

  test("an empty file (0 bytes)", async () => {
    await expectUploadRefused([png("empty.png", Buffer.alloc(0))], "“empty.png” is empty.");
  });

  test("a 60 MB file", async () => {
    const huge = Buffer.alloc(60 * 1024 * 1024);
    (await sharp({ create: { width: 8, height: 8, channels: 3, background: "#000" } }).png().toBuffer()).copy(huge);
    await expectUploadRefused([png("huge.png", huge)], "“huge.png” is larger than 25 MB.");
  });

  test("eleven files at once", async () => {
    const small = await sharp({ create: { width: 32, height: 32, channels: 3, background: "#777" } }).png().toBuffer();
    const files = Array.from({ length: 11 }, (_, index) => png(`eleven-${index}.png`, small));
    await expectUploadRefused(files, "Add at most 10 images at a time.");
  });

  test("a form with no files in it", async () => {
    await expectUploadRefused([], "Choose at least one image.");
  });

  test("a PNG/HTML polyglot is kept only as an image, and served so no browser runs it", async () => {
    const html = Buffer.from('<html><body><script>alert("polyglot")</script></body></html>');
    const rows = Buffer.concat(Array.from({ length: 64 }, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(64 * 3, 0x80)])));
    const polyglot = Buffer.concat([handMadePng(64, 64, rows, [chunk("tEXt", Buffer.concat([Buffer.from("Comment\0"), html]))]), html]);

    const [kept] = accepted<ImageView[]>(await alice.actions.upload([{ name: "page.html", mimeType: "text/html", buffer: polyglot }]));
    expect(kept).toMatchObject({ mime: "image/png", width: 64, height: 64, fileName: "page.html" });

    const response = await alice.page.request.get(kept!.url);
    expect(response.headers()).toMatchObject({
      "content-type": "image/png",
      "x-content-type-options": "nosniff",
      "content-disposition": expect.stringMatching(/^(inline|attachment); filename="seedream-[0-9a-f]{8}\.png"$/),
    });
    expect(response.headers()["content-security-policy"]).toContain("sandbox");

    // Opened directly, it is an image document: the script never runs.
    const tab = await alice.context.newPage();
    const dialogs: string[] = [];
    tab.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await tab.goto(kept!.url);
    expect(await tab.evaluate(() => document.contentType)).toBe("image/png");
    await tab.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    await tab.close();
    await alice.expectNoLoss(before, "allowed");
  });
});

test.describe("ids of other visitors", () => {
  let bob: Visitor;
  let secret: { imageId: string; generationId: string; uploadId: string };

  test.beforeAll(async ({ browser }) => {
    bob = await Visitor.open(browser);
    const items = await alice.actions.gallery();
    const generation = items.find((item) => item.kind === "generation");
    const upload = items.find((item) => item.kind === "upload");
    if (generation?.kind !== "generation" || upload?.kind !== "upload") throw new Error("Alice has no images yet.");
    secret = { imageId: generation.generation.outputs[0]!.id, generationId: generation.generation.id, uploadId: upload.image.id };
  });
  test.afterAll(async () => bob?.close());

  const NOT_YOURS = "That image or generation is not in your studio; it may have been deleted.";

  test("deleting someone else's image answers as if it did not exist, and deletes nothing", async () => {
    for (const id of [secret.imageId, secret.uploadId]) expectRefused(await bob.actions.call("deleteImage", id), "not_found", NOT_YOURS);
    await alice.expectNoLoss(before);
  });

  test("cancelling or retrying someone else's generation answers as if it did not exist", async () => {
    expectRefused(await bob.actions.call("cancelGeneration", secret.generationId), "not_found", NOT_YOURS);
    expectRefused(await bob.actions.call("retryGeneration", secret.generationId), "not_found", NOT_YOURS);
    expect(await fakeApi.requests(bob.page.request)).toEqual([]);
    await alice.expectNoLoss(before);
  });

  test("polling someone else's generation returns nothing", async () => {
    expect(accepted<GenerationView[]>(await bob.actions.read(generationsPath([secret.generationId])))).toEqual([]);
    await alice.expectNoLoss(before);
  });

  test("someone else's image as an input is refused before the provider hears of it", async () => {
    expectRefused(await bob.actions.call("startGeneration", startInput({ prompt: "steal it" }, [secret.uploadId])), "not_found", NOT_YOURS);
    expect(await fakeApi.requests(bob.page.request)).toEqual([]);
    await alice.expectNoLoss(before);
  });

  test("someone else's image and thumbnail URLs are 404, and their gallery is not listed", async () => {
    for (const id of [secret.imageId, secret.uploadId]) {
      for (const path of [`/api/images/${id}`, `/api/images/${id}/thumbnail`]) {
        const response = await bob.page.request.get(path);
        expect(response.status(), path).toBe(404);
        expect(await response.text()).toBe("Not found");
      }
    }
    const page = accepted<GalleryPageView>(await bob.actions.read(galleryPath()));
    const seen = page.items.map((item) => (item.kind === "upload" ? item.image.id : item.generation.id));
    for (const id of Object.values(secret)) expect(seen).not.toContain(id);
    await alice.expectNoLoss(before);
  });
});

test.describe("paths where ids belong", () => {
  const TRAVERSALS = [
    "..%2F..%2Fetc%2Fpasswd",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "%252e%252e%252fetc%252fpasswd",
    "..%5C..%5Cwindows%5Cwin.ini",
    "00000000-0000-4000-8000-000000000000%00.png",
    "00000000-0000-4000-8000-000000000000",
  ];

  test("image routes answer a path, an encoded path or an unknown id with the same 404", async () => {
    for (const id of TRAVERSALS) {
      for (const path of [`/api/images/${id}`, `/api/images/${id}/thumbnail`]) {
        const response = await alice.page.request.get(path);
        expect(response.status(), path).toBe(404);
        expect(await response.text(), path).not.toContain("root:");
      }
    }
    await alice.expectNoLoss(before);
  });

  test("actions and reads refuse a path as an id with one sentence", async () => {
    const NOT_AN_ID = "That is not an image or generation id.";
    for (const id of ["../../x", "..\\..\\x", "/etc/passwd", "%2e%2e%2fx", `${"0".repeat(8)}-0000-0000-0000-000000000000/../x`]) {
      expectRefused(await alice.actions.call("deleteImage", id), "invalid_input", NOT_AN_ID);
      expectRefused(await alice.actions.call("cancelGeneration", id), "invalid_input", NOT_AN_ID);
      expectRefused(await alice.actions.call("retryGeneration", id), "invalid_input", NOT_AN_ID);
      expectRefused(await alice.actions.read(generationsPath([id])), "invalid_input", NOT_AN_ID);
      expectRefused(await alice.actions.read(API_ROUTES.lineage(id)), "invalid_input", NOT_AN_ID);
      expectRefused(await alice.actions.call("startGeneration", startInput({}, [id])), "invalid_input", NOT_AN_ID);
    }
    expect(await fakeApi.requests(alice.page.request)).toEqual([]);
    await alice.expectNoLoss(before);
  });

  test("every stored image is still whole after all of the above", async () => {
    for (const image of imagesOf(await alice.actions.gallery())) {
      const response = await alice.page.request.get(image.url);
      expect(response.status()).toBe(200);
      expect(sha256(await response.body())).toBe(before.bytes.get(image.id));
    }
  });
});
