import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { fakeApi } from "./support/fake-api";
import { StudioPage } from "./support/studio-page";

/** Runs in the "passcode" project: a studio started with STUDIO_PASSCODE=e2e-passcode-123. */
const PASSCODE = "e2e-passcode-123";
const WRONG = "That passcode is not right.";
const SESSION = /^\d+\.[A-Za-z0-9_-]{43}$/;

async function signIn(page: Page, passcode = PASSCODE): Promise<void> {
  await page.getByLabel("Passcode").fill(passcode);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** The server action call a click sends, as the page sent it. */
async function actionCallOf(page: Page, click: () => Promise<void>): Promise<{ id: string; body: string }> {
  const request = page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined);
  await click();
  const sent = await request;
  return { id: sent.headers()["next-action"]!, body: sent.postData() ?? "" };
}

async function signedInStudio(page: Page): Promise<StudioPage> {
  await page.goto("/");
  await signIn(page);
  const studio = new StudioPage(page);
  await expect(studio.prompt).toBeVisible();
  return studio;
}

async function seriousAxeViolations(page: Page): Promise<string[]> {
  return (await new AxeBuilder({ page }).analyze()).violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

test("sends a visitor to sign in, slows down wrong passcodes, and lets the right one into a working studio", async ({ page }) => {
  const policyErrors: string[] = [];
  page.on("console", (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) policyErrors.push(message.text());
  });
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { name: "Seedream Studio" })).toBeVisible();
  const passcode = page.getByLabel("Passcode");
  await expect(passcode).toHaveAttribute("type", "password");

  await signIn(page, "not-the-passcode");
  await expect(page.getByRole("alert").filter({ hasText: WRONG })).toBeVisible();
  await expect(passcode).toHaveAttribute("aria-invalid", "true");
  await expect(passcode).toHaveAccessibleDescription(WRONG);
  expect(await seriousAxeViolations(page)).toEqual([]);

  // The second wrong try (in the dark theme, to check that one too) is held back at least a second.
  await page.emulateMedia({ colorScheme: "dark" });
  await page.reload();
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/sign-in");
  const started = Date.now();
  await signIn(page, "still-not-the-passcode");
  await answered;
  expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  await expect(passcode).toHaveAccessibleDescription(WRONG);
  expect(await seriousAxeViolations(page)).toEqual([]);

  await signIn(page);
  const studio = new StudioPage(page);
  await expect(studio.prompt).toBeVisible();
  await expect(page).toHaveURL(/:\d+\/$/);
  await studio.expectResult(await studio.generate("a lighthouse behind a passcode"));

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  expect(policyErrors).toEqual([]);
});

test("returns to the page asked for, but never off the site", async ({ page }) => {
  await page.goto("/?from=shared-link");
  await expect(page).toHaveURL(/\/sign-in\?next=%2F%3Ffrom%3Dshared-link$/);
  await signIn(page);
  await expect(page).toHaveURL(/:\d+\/\?from=shared-link$/);

  await page.context().clearCookies();
  await page.goto("/sign-in?next=//evil.example/");
  await signIn(page);
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/$/);
});

test("answers 401, never data, to image and action requests without a session", async ({ page, request }) => {
  const studio = await signedInStudio(page);
  const prompt = `a private picture ${Date.now()}`;
  let generation = studio.generation(prompt);
  const start = await actionCallOf(page, async () => {
    generation = await studio.generate(prompt);
  });
  const image = await studio.original(generation);

  // `request` shares no cookies with the page: it is anyone else holding the link.
  for (const url of [image.url, `${image.url}/thumbnail`]) {
    const response = await request.get(url, { maxRedirects: 0 });
    expect(response.status()).toBe(401);
    expect(response.headers()["content-type"]).toMatch(/^text\/plain/);
    expect((await response.body()).includes(image.bytes.subarray(0, 64))).toBe(false);
  }
  // The reads, and the upload route (which the proxy skips so it never buffers a body), gate themselves too.
  for (const path of ["/api/gallery", "/api/generations?ids=", "/api/ledger", `/api/images/${image.id}/lineage`, "/api/events"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(401);
    expect(await response.text(), path).toBe("Sign in first.");
  }
  const form = new FormData();
  form.append("files", new Blob([new Uint8Array(image.bytes)], { type: "image/png" }), "sneaky.png");
  const upload = await request.post("/api/uploads", { multipart: form, maxRedirects: 0 });
  expect(upload.status()).toBe(401);
  expect(await upload.text()).toBe("Sign in first.");
  expect(upload.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");

  const studioPage = await request.get("/", { maxRedirects: 0 });
  expect(studioPage.status()).toBe(307);
  expect(studioPage.headers()["location"]).toMatch(/\/sign-in$/);

  // The page's own Generate call, replayed without the cookie, on the studio and on the public sign-in page.
  const replay = (path: string) =>
    request.post(path, {
      headers: { "Next-Action": start.id, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component" },
      data: start.body,
      maxRedirects: 0,
    });
  const onStudio = await replay("/");
  expect(onStudio.status()).toBe(401);
  expect(await onStudio.text()).toBe("Sign in first.");
  const onSignIn = await replay("/sign-in");
  expect(onSignIn.status()).toBe(409);
  expect(await onSignIn.text()).toBe("Server Action unavailable.");

  // Neither replay reached the provider: it saw the one signed-in generation only.
  await page.waitForTimeout(1_500);
  const calls = (await fakeApi.requests(request)).filter((call) => call.prompt === prompt);
  expect(calls).toHaveLength(1);
});

test("keeps the session in a signed httpOnly cookie; a tampered one signs the visitor out", async ({ page, context }) => {
  await signedInStudio(page);
  const session = (await context.cookies()).find((cookie) => cookie.name === "studio_session");
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false, path: "/" });
  expect(session!.value).toMatch(SESSION);
  expect(await page.evaluate(() => document.cookie)).not.toContain("studio_session");

  const [expiry, signature] = session!.value.split(".");
  const forgeries = [
    `${Number(expiry) + 365 * 24 * 3600}.${signature}`,
    `${expiry}.${signature!.slice(0, 20)}${signature![20] === "A" ? "B" : "A"}${signature!.slice(21)}`,
    "4102444800.forged",
  ];
  for (const value of forgeries) {
    await context.addCookies([{ ...session!, value }]);
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in$/);
  }

  await context.addCookies([session!]);
  await page.goto("/");
  await expect(new StudioPage(page).prompt).toBeVisible();
});

test("without a session, the manifest, icons and link-preview image are served, and nothing beside them", async ({ request, page }) => {
  for (const [path, type] of [
    ["/manifest.webmanifest", "application/manifest+json"],
    ["/icon-192.png", "image/png"],
    ["/icon-512.png", "image/png"],
    ["/icon-maskable-512.png", "image/png"],
    ["/apple-touch-icon.png", "image/png"],
    ["/og-image.png", "image/png"],
  ] as const) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(200);
    expect(response.headers()["content-type"], path).toContain(type);
    expect(response.headers()["x-robots-tag"], path).toBe("noindex, nofollow");
  }
  // Everything else still meets the gate.
  expect((await request.get("/", { maxRedirects: 0 })).status()).toBe(307);
  expect((await request.get("/api/export", { maxRedirects: 0 })).status()).toBe(401);
  expect((await request.post("/og-image.png", { maxRedirects: 0, data: "x" })).status()).toBe(401);

  // A link pasted somewhere previews from the sign-in page, which carries the Open Graph tags.
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  const ogImage = await page.locator('meta[property="og:image"]').getAttribute("content");
  expect(ogImage).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/og-image\.png$/);
  expect((await request.get(new URL(ogImage!).pathname)).status()).toBe(200);
});

test("signing out ends the session on the server: a copy of its cookie no longer signs anyone in", async ({ page, context, request }) => {
  await signedInStudio(page);
  const session = (await context.cookies()).find((cookie) => cookie.name === "studio_session")!;
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  // The cookie someone copied before the visitor signed out.
  await context.addCookies([session]);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  const copied = await request.get("/api/export", { headers: { cookie: `studio_session=${session.value}` } });
  expect(copied.status()).toBe(401);
});

test("the whole studio's spend is shown to the owner only, not to everyone holding the passcode", async ({ page }) => {
  const ledger = page.getByRole("status", { name: "Spend today" });
  await signedInStudio(page);
  await expect(ledger).toContainText("Today:");
  await expect(ledger).not.toContainText("Whole studio today");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await signIn(page, "e2e-owner-passcode-456");
  await expect(new StudioPage(page).prompt).toBeVisible();
  await expect(ledger).toContainText("Whole studio today:");
});
