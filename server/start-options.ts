import { parseArgs } from "node:util";

export interface StartOptions {
  hostname: string | undefined;
  port: number;
}

export class StartOptionsError extends Error {}

/**
 * The same flags as `next start` that the README promises (`-p`/`--port`, `-H`/`--hostname`, and
 * `PORT`), so `npm start -- -p 8080` keeps working.
 */
export function parseStartOptions(argv: readonly string[], environment: { PORT?: string }): StartOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: "string", short: "p" },
      hostname: { type: "string", short: "H" },
    },
    strict: true,
  });
  const rawPort = values.port ?? environment.PORT ?? "3000";
  const port = Number(rawPort);
  if (!/^\d{1,5}$/.test(rawPort) || port > 65_535) {
    throw new StartOptionsError(`The port must be a whole number from 0 to 65535, not "${rawPort}".`);
  }
  return { hostname: values.hostname, port };
}
