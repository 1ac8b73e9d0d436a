import { execFile as execFileCallback, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const execFile = promisify(execFileCallback);
const BIN = process.env.POSTGRES_BIN ?? "/usr/lib/postgresql/15/bin";
const OS_USER = "postgres";

export interface RunningPostgres {
  /** The superuser's URL on the maintenance database: make a database of your own with it. */
  url: string;
  /** `pg_ctl restart -m fast`: every connection is cut, and the server is back when this resolves. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL 15 in a temp dir on a free loopback port, as the non-root `postgres` user
 * (PostgreSQL refuses to run as root). Installed from Debian first when missing and we are root.
 */
export async function startPostgres(): Promise<RunningPostgres> {
  ensureInstalled();
  const asRoot = process.getuid?.() === 0;
  const dir = await mkdtemp(join(tmpdir(), "studio-postgres-"));
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", OS_USER]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", OS_USER]).toString().trim());
    await chown(dir, uid, gid);
  }
  const run = (command: string, args: string[]) =>
    asRoot ? execFile("runuser", ["-u", OS_USER, "--", join(BIN, command), ...args]) : execFile(join(BIN, command), args);
  const data = join(dir, "data");
  const port = await freePort();
  await run("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=300`;
  await run("pg_ctl", ["-D", data, "-o", options, "-l", join(dir, "server.log"), "-w", "-t", "60", "start"]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async restart() {
      // The log file again: without it the new server writes to this pipe, and holds it open forever.
      await run("pg_ctl", ["-D", data, "-m", "fast", "-l", join(dir, "server.log"), "-w", "-t", "60", "restart"]);
    },
    async stop() {
      await run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function ensureInstalled(): void {
  if (existsSync(join(BIN, "initdb"))) return;
  if (process.getuid?.() !== 0) throw new Error(`PostgreSQL 15 is not installed (no ${BIN}/initdb): apt-get install postgresql.`);
  execFileSync("apt-get", ["install", "-y", "postgresql"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
