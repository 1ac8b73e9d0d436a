import { expect, test } from "@playwright/test";
import sharp from "sharp";
import type { GalleryPageView, GenerationView, ImageView } from "@/lib/shared/gallery/view";
import { expectRefused, startInput, Visitor, type Snapshot } from "./support/bad-input";
import { fakeApi } from "./support/fake-api";
import { API_ROUTES, galleryPath, generationsPath } from "@/lib/shared/api-routes";
import { accepted, postAction, type ActionName, type RawAnswer } from "./support/studio-actions";

/**
 * Bad input sent straight to the server actions over HTTP, as a script could send it: malformed
 * bodies, wrong types, and every setting at and just past its bound. Each refusal is one exact
 * sentence; nothing reaches the provider, and the gallery and its images are unchanged after.
 */

let visitor: Visitor;
let before: Snapshot;

test.beforeAll(async ({ browser }) => {
  visitor = await (await Visitor.open(browser)).withFirstImages();
});
test.afterAll(async () => visitor?.close());

test.beforeEach(async ({ request }) => {
  await fakeApi.clear(request);
  before = await visitor.snapshot();
});

/** Refused with this sentence, nothing sent to the provider, nothing stored or lost. */
async function expectRefusal(name: ActionName, args: unknown[], message: string, code: "invalid_input" | "not_found" = "invalid_input") {
  await expectRefusedAnswer(await visitor.actions.call(name, ...args), message, code);
}

/** A GET read refused with this sentence (a 400 or 404 with the ActionResult JSON), nothing changed. */
async function expectReadRefusal(path: string, message: string, code: "invalid_input" | "not_found" = "invalid_input") {
  await expectRefusedAnswer(await visitor.actions.read(path), message, code);
}

async function expectRefusedAnswer(answer: RawAnswer, message: string, code: "invalid_input" | "not_found") {
  expectRefused(answer, code, message);
  expect(await fakeApi.requests(visitor.page.request)).toEqual([]);
  await visitor.expectNoLoss(before);
}

function uploadNamed(name: string): Promise<RawAnswer> {
  return visitor.actions.upload([{ name, mimeType: "image/png", buffer: Buffer.from("x") }]);
}

const SIZE_SENTENCE = "Size must be one of square_hd, square, portrait_4_3, portrait_16_9, landscape_4_3, landscape_16_9, or a width and height.";

/** The one call the fake received for an accepted job. */
async function sentToProvider(): Promise<Record<string, unknown>> {
  const calls = await fakeApi.requests(visitor.page.request);
  expect(calls).toHaveLength(1);
  expect(calls[0]!.status).toBe(200);
  return calls[0]!.body!;
}

test.describe("malformed action payloads", () => {
  // The proxy checks a text body is an argument list (a JSON array) before Next decodes it, and
  // answers 400 otherwise; these never reach the studio's code.
  const UNDECODABLE: Array<[string, () => Promise<RawAnswer>]> = [
    ["not JSON at all", () => visitor.actions.raw("startGeneration", "{{{ not json")],
    ["an empty body", () => visitor.actions.raw("startGeneration", "")],
    ["null instead of an argument list", () => visitor.actions.raw("startGeneration", "null")],
    ["a bare string instead of an argument list", () => visitor.actions.raw("startGeneration", '"settings"')],
    ["a number instead of an argument list", () => visitor.actions.raw("startGeneration", "42")],
    ["an object instead of an argument list", () => visitor.actions.raw("startGeneration", "{}")],
    // Browsers escape only " and line breaks in a file name; a NUL or ESC goes out raw and breaks the part.
    ["an upload whose file name has a NUL in its part header", () => uploadNamed("nul\u0000.png")],
    ["an upload whose file name has an ESC in its part header", () => uploadNamed("esc\u001b[31m.png")],
  ];

  for (const [name, send] of UNDECODABLE) {
    test(`${name} is refused before any action runs, and says nothing about the server`, async () => {
      const answer = await send();
      expect(answer.status).toBeGreaterThanOrEqual(400);
      // Only an opaque digest comes back: no error text, no stack, no file path.
      expect(answer.text).not.toMatch(/SyntaxError|TypeError|Malformed|JSON|\bat \w|\/work\/|node_modules/);
      expect(await fakeApi.requests(visitor.page.request)).toEqual([]);
      await visitor.expectNoLoss(before);
    });
  }

  test("an undecodable text action body is a client error (400), never a 500", async () => {
    for (const [name, send] of UNDECODABLE.filter(([name]) => !name.startsWith("an upload"))) {
      expect((await send()).status, name).toBe(400);
    }
  });


  test("no arguments at all (wrong arity)", async () => {
    await expectRefusal("startGeneration", [], "Invalid input: expected object, received undefined");
  });

  test("null as the input", async () => {
    await expectRefusal("startGeneration", [null], "Invalid input: expected object, received null");
  });

  test("an array instead of the input object", async () => {
    await expectRefusal("startGeneration", [[]], "Invalid input: expected object, received array");
  });

  test("an array instead of the settings object", async () => {
    await expectRefusal("startGeneration", [{ settings: [] }], "Invalid input: expected object, received array");
  });

  test("a field the studio does not know, inside the settings", async () => {
    await expectRefusal("startGeneration", [startInput({ model: "gpt-image-1" })], 'Unrecognized key: "model"');
  });

  test("a field the studio does not know, beside the settings (a visitor id)", async () => {
    await expectRefusal("startGeneration", [{ ...startInput(), visitorId: "AliceAliceAliceAlice01" }], 'Unrecognized key: "visitorId"');
  });

  test("job status with no list of ids, or a field it does not know", async () => {
    await expectReadRefusal(API_ROUTES.generations, "Invalid input: expected string, received undefined");
    await expectReadRefusal(`${API_ROUTES.generations}?ids=&id=00000000-0000-4000-8000-000000000000`, 'Unrecognized key: "id"');
  });

  test("a gallery query given twice, or with a field it does not know", async () => {
    await expectReadRefusal(`${API_ROUTES.gallery}?limit=1&limit=2`, "Give each query field only once.");
    await expectReadRefusal(`${API_ROUTES.gallery}?visitorId=AliceAliceAliceAlice01`, 'Unrecognized key: "visitorId"');
  });

  test("the ledger with any query at all", async () => {
    await expectReadRefusal(`${API_ROUTES.ledger}?visitor=AliceAliceAliceAlice01`, 'Unrecognized key: "visitor"');
  });

  test("an upload sent as JSON instead of a form", async () => {
    const answer = await visitor.page.request.post(API_ROUTES.uploads, { data: { files: ["a.png"] } });
    expect(answer.status()).toBe(400);
    await expectRefusedAnswer(
      { status: answer.status(), body: await answer.body(), text: await answer.text(), headers: answer.headers() },
      "Send the images as a form.",
      "invalid_input",
    );
  });

  test("an upload posted from another site's page is refused (403) and keeps nothing", async () => {
    const form = new FormData();
    form.append("files", new Blob([new Uint8Array(await sharp({ create: { width: 8, height: 8, channels: 3, background: "#000" } }).png().toBuffer())], { type: "image/png" }), "cross.png");
    const foreign: Record<string, string>[] = [{ origin: "https://evil.example" }, { origin: "null" }, { "sec-fetch-site": "cross-site" }];
    for (const headers of foreign) {
      const answer = await visitor.page.request.post(API_ROUTES.uploads, { multipart: form, headers });
      expect(answer.status(), JSON.stringify(headers)).toBe(403);
      expect(await answer.text()).toBe("Uploads are taken from the studio's own pages only.");
    }
    await visitor.expectNoLoss(before);
  });

  test("an upload whose file name holds NUL or ESC is a 400 with one sentence", async () => {
    for (const name of ["nul\u0000.png", "esc\u001b[31m.png"]) {
      const answer = await uploadNamed(name);
      expect(answer.status, name).toBe(400);
      expectRefused(answer, "invalid_input", /^A file name in the upload could not be read \(it holds control characters such as NUL or escape/);
    }
    await visitor.expectNoLoss(before);
  });

  test("an action id that does not exist is refused as a client error", async () => {
    const answer = await postAction(visitor.page.request, "40" + "0".repeat(40), "[]");
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    await visitor.expectNoLoss(before);
  });
});

test.describe("wrong types", () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ["a number as the prompt", { prompt: 42 }, "The prompt must be text."],
    ["null as the prompt", { prompt: null }, "The prompt must be text."],
    ["a string as the number of images", { num_images: "2" }, "The number of images must be a number."],
    ["a fraction as the number of images", { num_images: 1.5 }, "The number of images must be a whole number."],
    ["a string as the seed", { seed: "7" }, "The seed must be a number."],
    ["a fraction as the seed", { seed: 1.5 }, "The seed must be a whole number."],
    ["an unknown size name", { image_size: "huge" }, SIZE_SENTENCE],
    ["a width written as text", { image_size: { width: "2048", height: 2048 } }, SIZE_SENTENCE],
    ["a string as the safety switch", { enable_safety_checker: "yes" }, "Invalid input: expected boolean, received string"],
  ];
  for (const [name, change, message] of cases) {
    test(name, async () => {
      await expectRefusal("startGeneration", [startInput(change)], message);
    });
  }

  test("a string instead of the list of input ids", async () => {
    await expectRefusal("startGeneration", [startInput({}, "abc")], "Invalid input: expected array, received string");
  });

  test("a number among the input ids", async () => {
    await expectRefusal("startGeneration", [startInput({}, [42])], "That is not an image or generation id.");
  });

  test("a gallery page size that is not written in digits", async () => {
    for (const limit of ["thirty", "1e2", "-1", "1.5", " 5"]) await expectReadRefusal(galleryPath() + `?limit=${encodeURIComponent(limit)}`, "Give the number as digits only.");
  });
});

test.describe("every field at and past its bound", () => {
  test("a prompt of 4000 characters is sent whole", async () => {
    const prompt = `${"a".repeat(3_999)}z`;
    const generation = await visitor.generateDirectly(startInput({ prompt }));
    expect(generation.status).toBe("succeeded");
    expect(generation.prompt).toBe(prompt);
    expect((await sentToProvider()).prompt).toBe(prompt);
    await visitor.expectNoLoss(before, "allowed");
  });

  test("a prompt of 4000 characters inside spaces is trimmed, then sent whole", async () => {
    const prompt = "b".repeat(4_000);
    const generation = await visitor.generateDirectly(startInput({ prompt: `  \n${prompt}\t ` }));
    expect(generation.prompt).toBe(prompt);
    await visitor.expectNoLoss(before, "allowed");
  });

  test("a prompt of 4001 characters is refused", async () => {
    await expectRefusal("startGeneration", [startInput({ prompt: "c".repeat(4_001) })], "The prompt is too long: at most 4000 characters.");
  });

  test("an empty prompt is refused", async () => {
    await expectRefusal("startGeneration", [startInput({ prompt: "" })], "Write a prompt first.");
  });

  test("a prompt of only spaces and line breaks is refused", async () => {
    await expectRefusal("startGeneration", [startInput({ prompt: " \n\t  " })], "Write a prompt first.");
  });

  test("0 images is refused", async () => {
    await expectRefusal("startGeneration", [startInput({ num_images: 0 })], "Ask for at least 1 image.");
  });

  test("1 image makes one", async () => {
    const generation = await visitor.generateDirectly(startInput({ num_images: 1 }));
    expect(generation.outputs).toHaveLength(1);
    expect((await sentToProvider()).num_images).toBe(1);
    await visitor.expectNoLoss(before, "allowed");
  });

  test("4 images make four", async () => {
    const generation = await visitor.generateDirectly(startInput({ num_images: 4 }));
    expect(generation.outputs).toHaveLength(4);
    expect((await sentToProvider()).num_images).toBe(4);
    await visitor.expectNoLoss(before, "allowed");
  });

  test("5 images is refused", async () => {
    await expectRefusal("startGeneration", [startInput({ num_images: 5 })], "Ask for at most 4 images.");
  });

  test("seed 0 is refused", async () => {
    await expectRefusal("startGeneration", [startInput({ seed: 0 })], "The seed must be at least 1.");
  });

  test("seed 1 is sent", async () => {
    await visitor.generateDirectly(startInput({ seed: 1 }));
    expect((await sentToProvider()).seed).toBe(1);
    await visitor.expectNoLoss(before, "allowed");
  });

  test("seed 2147483647 is sent", async () => {
    await visitor.generateDirectly(startInput({ seed: 2_147_483_647 }));
    expect((await sentToProvider()).seed).toBe(2_147_483_647);
    await visitor.expectNoLoss(before, "allowed");
  });

  test("seed 2147483648 is refused", async () => {
    await expectRefusal("startGeneration", [startInput({ seed: 2_147_483_648 })], "The seed must be at most 2147483647.");
  });

  test("width 1023 is refused", async () => {
    const input = startInput({ image_size: { width: 1023, height: 1024 } });
    await expectRefusal("startGeneration", [input], "Width and height must be at least 1024 pixels.");
  });

  test("width 1024 makes a 1024 px wide image", async () => {
    const generation = await visitor.generateDirectly(startInput({ image_size: { width: 1024, height: 1024 } }));
    expect(generation.outputs[0]).toMatchObject({ width: 1024, height: 1024 });
    expect((await sentToProvider()).image_size).toEqual({ width: 1024, height: 1024 });
    await visitor.expectNoLoss(before, "allowed");
  });

  test("width 4096 makes a 4096 px wide image", async () => {
    const generation = await visitor.generateDirectly(startInput({ image_size: { width: 4096, height: 1024 } }));
    expect(generation.outputs[0]).toMatchObject({ width: 4096, height: 1024 });
    expect((await sentToProvider()).image_size).toEqual({ width: 4096, height: 1024 });
    await visitor.expectNoLoss(before, "allowed");
  });

  test("width 4097 is refused", async () => {
    const input = startInput({ image_size: { width: 4097, height: 1024 } });
    await expectRefusal("startGeneration", [input], "Width and height must be at most 4096 pixels.");
  });

  test("10 input images make one edit of all ten; 11 are refused", async () => {
    const pngs = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        sharp({ create: { width: 64, height: 64, channels: 3, background: { r: index * 25, g: 90, b: 160 } } }).png().toBuffer(),
      ),
    );
    const uploads = accepted<ImageView[]>(
      await visitor.actions.upload(pngs.map((buffer, index) => ({ name: `input-${index + 1}.png`, mimeType: "image/png", buffer }))),
    );
    const ids = uploads.map((image) => image.id);
    expect(ids).toHaveLength(10);

    const edit = await visitor.generateDirectly(startInput({ prompt: "Blend all ten" }, ids));
    expect(edit).toMatchObject({ status: "succeeded", model: "bytedance/seedream-v4-edit", inputImageIds: ids });
    const [call] = await fakeApi.requests(visitor.page.request);
    expect(call!.inputs).toHaveLength(10);

    await fakeApi.clear(visitor.page.request);
    before = await visitor.snapshot();
    await expectRefusal("startGeneration", [startInput({ prompt: "Blend eleven" }, [...ids, ids[0]])], "An edit takes at most 10 input images.");
  });

  test("job status takes 100 ids and refuses 101", async () => {
    const ids = Array.from({ length: 101 }, (_, index) => `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`);
    expect(accepted<GenerationView[]>(await visitor.actions.read(generationsPath(ids.slice(0, 100))))).toEqual([]);
    await expectReadRefusal(generationsPath(ids), "Too big: expected array to have <=100 items");
  });

  test("a gallery page of 0 or 101 items is refused; 1 and 100 are served", async () => {
    expect(accepted<GalleryPageView>(await visitor.actions.read(galleryPath({ limit: 1 }))).items).toHaveLength(1);
    expect(accepted<GalleryPageView>(await visitor.actions.read(galleryPath({ limit: 100 }))).items.length).toBeGreaterThan(1);
    await expectReadRefusal(galleryPath({ limit: 0 }), "Too small: expected number to be >=1");
    await expectReadRefusal(galleryPath({ limit: 101 }), "Too big: expected number to be <=100");
  });

  test("a gallery cursor that is not one the studio made is refused with a sentence, not a failure", async () => {
    await expectReadRefusal(galleryPath({ cursor: "garbage" }), "That gallery page link is not valid.");
    const injected = Buffer.from("1.'; DROP TABLE images; --").toString("base64url");
    await expectReadRefusal(galleryPath({ cursor: injected }), "That gallery page link is not valid.");
    await expectReadRefusal(galleryPath({ cursor: "x".repeat(201) }), "Too big: expected string to have <=200 characters");
  });
});
