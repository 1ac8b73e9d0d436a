import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import type { S3Settings } from "@/lib/server/store/blobs/s3";

/** A studio process the test started: its stdout as JSON lines, commands on stdin. */
export interface StudioProcess {
  name: string;
  pid: number;
  child: ChildProcess;
  /** What it was started with besides the test's own environment, to start another like it. */
  env: Record<string, string>;
  /** Every JSON line it printed so far. */
  lines: Array<Record<string, unknown>>;
  /** Resolves with the first line (already printed or still to come) that matches. */
  waitFor(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  send(command: Record<string, unknown>): void;
  /** Sends a command with a fresh tag and resolves with the answer that carries it. */
  ask(command: Record<string, unknown>, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

let tags = 0;

/**
 * Starts `script` under Node with tsx and the react-server condition, in one process (no tsx CLI
 * wrapper), so that its pid is the process that claims jobs and `kill -9` hits it for real.
 */
export function startStudioProcess(name: string, script: string, env: Record<string, string>): StudioProcess {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", script], {
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const lines: Array<Record<string, unknown>> = [];
  const watchers = new Set<() => void>();
  const log: string[] = [];
  createInterface({ input: child.stdout! }).on("line", (text) => {
    try {
      lines.push(JSON.parse(text) as Record<string, unknown>);
    } catch {
      lines.push({ text });
    }
    for (const watcher of watchers) watcher();
  });
  createInterface({ input: child.stderr! }).on("line", (text) => {
    log.push(text);
    if (log.length > 200) log.shift();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const waitFor: StudioProcess["waitFor"] = (match, timeoutMs = 20_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = lines.find(match);
        if (!found) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${name} printed nothing expected within ${timeoutMs} ms. Its stderr:\n${log.join("\n")}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        watchers.delete(check);
      };
      watchers.add(check);
      // A process that died will print nothing more: say so now rather than at the timeout.
      void exited.then((code) => {
        if (!watchers.has(check)) return;
        cleanup();
        reject(new Error(`${name} exited (${code ?? child.signalCode}) first. Its stderr:\n${log.join("\n")}`));
      });
      check();
    });
  const send = (command: Record<string, unknown>) => child.stdin!.write(`${JSON.stringify(command)}\n`);
  return {
    name,
    pid: child.pid!,
    child,
    env,
    lines,
    waitFor,
    send,
    ask(command, timeoutMs) {
      const tag = `t${++tags}`;
      send({ ...command, tag });
      return waitFor((line) => line.tag === tag, timeoutMs);
    },
    exited,
  };
}

/** Resolves once every process said it is up: an instance prints `ready`, a worker that it is taking jobs. */
export async function untilReady(...started: StudioProcess[]): Promise<void> {
  const up = (line: Record<string, unknown>) => "ready" in line || String(line.text ?? "").includes("is taking jobs");
  await Promise.all(started.map((one) => one.waitFor(up, 60_000)));
}

/** Stops the process if it still runs, and waits for it to be gone. */
export async function stopStudioProcess(studioProcess: StudioProcess, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
  if (studioProcess.child.exitCode === null && studioProcess.child.signalCode === null) studioProcess.child.kill(signal);
  await studioProcess.exited;
}

/** The settings every process of one test deployment shares: its database, its bucket, the fake API. */
export function deploymentEnv(options: { databaseUrl: string; bucket: S3Settings; apiBaseUrl: string; apiKey: string }): Record<string, string> {
  const { databaseUrl, bucket } = options;
  return {
    DATABASE_URL: databaseUrl,
    S3_BUCKET: bucket.bucket,
    S3_ENDPOINT: bucket.endpoint ?? "",
    S3_REGION: bucket.region,
    S3_ACCESS_KEY_ID: bucket.accessKeyId ?? "",
    S3_SECRET_ACCESS_KEY: bucket.secretAccessKey ?? "",
    S3_FORCE_PATH_STYLE: "true",
    STUDIO_ENGINE: "aimlapi",
    AIMLAPI_KEY: options.apiKey,
    AIMLAPI_BASE_URL: options.apiBaseUrl,
  };
}
