import { expect, test } from "@playwright/test";

test("the health route names the stores in use and nothing secret", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const shared = test.info().project.name === "postgres-s3";
  const body = await response.json();
  expect(body).toEqual({ records: shared ? "postgres" : "sqlite", bytes: shared ? "s3" : "disk", engine: "aimlapi" });
  expect(await response.text()).not.toMatch(/postgres:\/\/|S3RVER|studio-[0-9a-f]{12}/);
});
