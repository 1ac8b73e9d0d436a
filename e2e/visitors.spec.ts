import { expect, test, type Page } from "@playwright/test";
import sharp from "sharp";
import { fakeApi } from "./support/fake-api";
import { StudioPage, type StoredImage } from "./support/studio-page";

test.beforeEach(async ({ request }) => fakeApi.clear(request));

/**
 * Rewrites this page's next server-action call that names `ownId` so it names `foreignId`: what a
 * visitor could do by hand to reach someone else's image.
 */
async function tamperNextAction(page: Page, ownId: string, foreignId: string): Promise<void> {
  let done = false;
  await page.route("**/*", async (route) => {
    const request = route.request();
    const body = request.postData();
    if (!done && request.method() === "POST" && request.headers()["next-action"] && body?.includes(ownId)) {
      done = true;
      return route.continue({ postData: body.replaceAll(ownId, foreignId) });
    }
    return route.continue();
  });
}

test("one visitor cannot list, read, delete or refine another's images", async ({ browser }) => {
  const alice = new StudioPage(await (await browser.newContext()).newPage());
  const bob = new StudioPage(await (await browser.newContext()).newPage());

  await alice.goto();
  const secret: StoredImage = await alice.original(await alice.generate("Alice's private sketch"));

  await bob.goto();
  await expect(bob.page.getByText("Your images will appear here.")).toBeVisible();
  await expect(bob.page.getByText("Alice's private sketch")).toHaveCount(0);
  for (const path of [secret.url, `${secret.url}/thumbnail`]) {
    const response = await bob.page.request.get(path);
    expect(response.status(), path).toBe(404);
  }

  const own = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: "#888" } }).png().toBuffer();
  await bob.addImages([{ name: "bob.png", mimeType: "image/png", buffer: own }]);
  const bobUpload = bob.page.getByRole("article", { name: "Upload: bob.png" });
  const bobImageId = (await bobUpload.getByRole("link").getAttribute("href"))!.split("/").at(-1)!;

  // Refine with Alice's image as input: refused, and nothing reaches the provider.
  await tamperNextAction(bob.page, bobImageId, secret.id);
  const refine = await bob.generate("steal it");
  await expect(refine.getByRole("alert")).toHaveText("That image or generation is not in your studio; it may have been deleted.");

  // Delete Alice's image: refused; her image is still hers.
  await tamperNextAction(bob.page, bobImageId, secret.id);
  await bob.imageAction(bobUpload, "Delete");
  await expect(bobUpload).toBeVisible();
  const stillThere = await alice.page.request.get(secret.url);
  expect(stillThere.status()).toBe(200);
  expect(Buffer.compare(await stillThere.body(), secret.bytes)).toBe(0);

  const sent = await fakeApi.requests(alice.page.request);
  expect(sent.map((call) => call.prompt)).toEqual(["Alice's private sketch"]);
});

test("every visitor gets a random, private, long-lived id cookie", async ({ page, context }) => {
  await new StudioPage(page).goto();
  const [cookie] = (await context.cookies()).filter((entry) => entry.name === "studio_visitor");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  expect(cookie!.value).toMatch(/^[A-Za-z0-9_-]{22}$/);
  expect(cookie!.expires * 1000 - Date.now()).toBeGreaterThan(300 * 24 * 3600 * 1000);
});
