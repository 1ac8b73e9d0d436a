import type { APIRequestContext } from "@playwright/test";
import type { RecordedRequest } from "../fake-api/request-log";

/** Matches playwright.config.ts, which moves every server by E2E_PORT_OFFSET. */
const FAKE_ORIGIN = `http://127.0.0.1:${4010 + Number(process.env.E2E_PORT_OFFSET ?? 0)}`;

/** What the fake AI/ML API received, read over its test-only endpoint. */
export const fakeApi = {
  async requests(request: APIRequestContext): Promise<RecordedRequest[]> {
    const response = await request.get(`${FAKE_ORIGIN}/__fake/requests`);
    return (await response.json()) as RecordedRequest[];
  },
  async clear(request: APIRequestContext): Promise<void> {
    await request.delete(`${FAKE_ORIGIN}/__fake/requests`);
  },
};
