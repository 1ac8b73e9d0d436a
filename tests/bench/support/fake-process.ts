import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import type { RecordedRequest } from "@/e2e/fake-api/request-log";

/**
 * The fake AI/ML API in a process of its own, as the real provider is: its rendering and downloads
 * then count against neither the studio's process nor the bench's clock-keeping process. They do
 * share the machine's cores, so a figure taken under load has the fake draw its pictures ahead.
 */
export interface FakeProcess {
  pid: number;
  baseUrl: string;
  requests(): Promise<RecordedRequest[]>;
  /** Has the fake draw these calls' pictures now, before they are sent (e2e/fake-api/drawn-ahead.ts). */
  drawAhead(bodies: Record<string, unknown>[]): Promise<void>;
  /** How many calls were answered with drawings made ahead, and how many were drawn on arrival. */
  drawnAhead(): Promise<{ drawn: number; served: number; drawnOnArrival: number }>;
  close(): Promise<void>;
}

const ROOT = join(import.meta.dirname, "..", "..", "..");

export async function startFakeProcess(options: { apiKey: string; latencyMs: number }): Promise<FakeProcess> {
  const port = await freePort();
  const child = spawn(join(ROOT, "node_modules", ".bin", "tsx"), ["--conditions=react-server", "e2e/fake-api/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, FAKE_AIMLAPI_PORT: String(port), FAKE_AIMLAPI_KEY: options.apiKey, FAKE_AIMLAPI_LATENCY_MS: String(options.latencyMs) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("The fake AI/ML API did not start within 60 s.")), 60_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("listening")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => reject(new Error(`The fake AI/ML API exited with ${code} before listening.`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    pid: child.pid!,
    baseUrl: `${origin}/v1`,
    requests: async () => (await (await fetch(`${origin}/__fake/requests`)).json()) as RecordedRequest[],
    async drawAhead(bodies) {
      const response = await fetch(`${origin}/__fake/draw-ahead`, { method: "POST", body: JSON.stringify(bodies) });
      if (!response.ok) throw new Error(`The fake could not draw ahead: ${await response.text()}`);
    },
    drawnAhead: async () => (await (await fetch(`${origin}/__fake/draw-ahead`)).json()) as Awaited<ReturnType<FakeProcess["drawnAhead"]>>,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
