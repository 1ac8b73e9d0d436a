import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..", "..");

export interface AppServer {
  origin: string;
  pid: number;
  /** Peak resident memory of the server and its children so far (VmHWM), in bytes. */
  peakRssBytes(): number;
  /** Resident memory of the server and its children now (VmRSS), in bytes. */
  rssBytes(): number;
  /** Starts the peak over from the current resident memory (Linux: clear_refs 5), so a later phase is measured alone. */
  resetPeakRss(): void;
  /** The last few kB the server wrote to stderr: why it failed, when it did. */
  stderrTail(): string;
  stop(): Promise<void>;
}

/** A free loopback port, so a benchmark never collides with a running studio or the e2e suite. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * Starts the production build the way `npm start` does (server/main.ts in front of Next) with the
 * given environment. The build must exist: benchmarks measure what ships, so they never fall back
 * to the dev server.
 */
export async function startApp(env: Record<string, string>): Promise<AppServer> {
  const distDir = process.env.NEXT_DIST_DIR ?? ".next";
  if (!existsSync(join(ROOT, distDir, "BUILD_ID"))) {
    throw new Error(`No production build in ${distDir}/: run \`npm run build\` first.`);
  }
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "server/main.ts"), "-H", "127.0.0.1", "-p", String(port)], {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...startScriptDefaults(), ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const origin = `http://127.0.0.1:${port}`;
  await waitUntilServing(origin, child, () => stderr);
  return {
    origin,
    pid: child.pid!,
    peakRssBytes: () => processTree(child.pid!).reduce((sum, pid) => sum + statusBytes(pid, "VmHWM"), 0),
    stderrTail: () => stderr,
    rssBytes: () => processTree(child.pid!).reduce((sum, pid) => sum + statusBytes(pid, "VmRSS"), 0),
    resetPeakRss: () => processTree(child.pid!).forEach((pid) => writeFileSync(`/proc/${pid}/clear_refs`, "5")),
    stop: () => stop(child),
  };
}

/**
 * The variables `npm start` sets before Node starts (`NAME=${NAME:-default}` in package.json, the
 * allocator's arenas), so the server measured here runs with what ships; the caller's own win.
 */
function startScriptDefaults(): Record<string, string> {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: { start: string } };
  const defaults = [...scripts.start.matchAll(/\b([A-Z_]+)=\$\{\1:-([^}]*)\}/g)];
  return Object.fromEntries(defaults.map(([, name, value]) => [name!, process.env[name!] ?? value!]));
}

async function waitUntilServing(origin: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The studio exited (${child.exitCode}): ${stderr()}`);
    try {
      const response = await fetch(origin, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill("SIGKILL");
  throw new Error(`The studio did not start within 60 s: ${stderr()}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Linux only: the benchmark machine is Linux, and /proc is the one honest source of peak RSS. */
function statusBytes(pid: number, field: "VmHWM" | "VmRSS"): number {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, "utf8"))?.[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}
