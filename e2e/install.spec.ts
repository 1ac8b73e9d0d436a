import { expect, test } from "@playwright/test";
import sharp from "sharp";

test("the studio installs to a home screen: a manifest with full-screen display and icons of the needed sizes", async ({ request }) => {
  const response = await request.get("/manifest.webmanifest");
  expect(response.status()).toBe(200);
  const manifest = (await response.json()) as { name: string; display: string; start_url: string; icons: { src: string; sizes: string; purpose: string }[] };
  expect(manifest).toMatchObject({ name: "Seedream Studio", display: "standalone", start_url: "/" });
  const sizes = new Set<string>();
  for (const icon of manifest.icons.filter((entry) => entry.src.endsWith(".png"))) {
    const image = await request.get(icon.src);
    expect(image.status(), icon.src).toBe(200);
    const { width, height, format } = await sharp(await image.body()).metadata();
    expect(`${width}x${height}`).toBe(icon.sizes);
    expect(format).toBe("png");
    sizes.add(`${icon.sizes} ${icon.purpose}`);
  }
  expect(sizes).toEqual(new Set(["192x192 any", "512x512 any", "512x512 maskable"]));
});

test("a pasted link previews with a title, words and an image; search engines are asked to keep out", async ({ page, request }) => {
  const response = await page.goto("/");
  expect(response!.headers()["x-robots-tag"]).toBe("noindex, nofollow");
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", "Seedream Studio");
  await expect(page.locator('meta[property="og:description"]')).toHaveAttribute("content", /Seedream v4/);
  await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute("content", "summary_large_image");
  const ogImage = await page.locator('meta[property="og:image"]').getAttribute("content");
  const image = await request.get(new URL(ogImage!).pathname);
  const { width, height } = await sharp(await image.body()).metadata();
  expect([width, height]).toEqual([1200, 630]);
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute("href", "/apple-touch-icon.png");
  // No robots.txt Disallow: it would keep link-preview crawlers out too.
  const robots = await request.get("/robots.txt");
  expect(robots.status() === 404 || !(await robots.text()).includes("Disallow: /")).toBe(true);
});

test("a skip link takes a keyboard user past the header to the gallery", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to the gallery" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("region", { name: "Gallery" })).toBeFocused();
});
