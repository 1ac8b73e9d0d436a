import { expect, test } from "@playwright/test";
import type { ShareLinkView } from "@/lib/shared/boards";
import { accepted, actionIds, StudioActions } from "./support/studio-actions";
import { StudioPage } from "./support/studio-page";

/**
 * Runs in the "passcode" project, whose studio leaves STUDIO_SHARE_LINKS_SKIP_PASSCODE unset: a
 * share link is then for people who hold the passcode too, and a stranger is sent to sign in.
 */
test("on a gated studio a share link asks a stranger for the passcode, and opens once signed in", async ({ page, browser }) => {
  await page.goto("/");
  await page.getByLabel("Passcode").fill("e2e-passcode-123");
  await page.getByRole("button", { name: "Sign in" }).click();
  const studio = new StudioPage(page);
  await expect(studio.prompt).toBeVisible();
  const { id } = await studio.original(await studio.generate("Behind the passcode"));
  const link = accepted<ShareLinkView>(await new StudioActions(page.request, actionIds()).call("createShareLink", { kind: "image", imageId: id }));

  const context = await browser.newContext();
  try {
    const stranger = await context.newPage();
    await stranger.goto(`/s/${link.token}`);
    await expect(stranger).toHaveURL(/\/sign-in\?next=/);
    const image = await stranger.request.get(`/s/${link.token}/images/${id}`, { maxRedirects: 0 });
    expect(image.status()).toBeGreaterThanOrEqual(300);
    expect(image.status()).toBeLessThan(400);

    await stranger.getByLabel("Passcode").fill("e2e-passcode-123");
    await stranger.getByRole("button", { name: "Sign in" }).click();
    await expect(stranger.getByRole("img", { name: "Behind the passcode" })).toBeVisible();
  } finally {
    await context.close();
  }
});
