import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP proxy on loopback in front of a real server, whose link can fail as a vanished host's
 * would: cut (every connection dropped, new ones refused) or frozen (nothing more gets through
 * either way, and nothing is closed either, so whatever waits for an answer waits for ever).
 */
export interface CuttableProxy {
  port: number;
  /** When each connection arrived (Date.now()), forwarded or not. */
  attempts: number[];
  cut(): void;
  freeze(): void;
  /** Forwards new connections again (those dropped or frozen stay so). */
  restore(): void;
  close(): Promise<void>;
}

export async function startCuttableProxy(target: { host: string; port: number }): Promise<CuttableProxy> {
  const open = new Set<Socket>();
  const attempts: number[] = [];
  let state: "forwarding" | "cut" | "frozen" = "forwarding";
  const hold = (socket: Socket) => {
    socket.unpipe();
    socket.pause();
  };
  const track = (socket: Socket, onClose: () => void) => {
    open.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => {
      open.delete(socket);
      onClose();
    });
  };
  const server: Server = createServer((client) => {
    attempts.push(Date.now());
    if (state === "cut") return void client.destroy();
    if (state === "frozen") {
      track(client, () => undefined);
      return hold(client);
    }
    const upstream = connect(target.port, target.host);
    const both = () => {
      client.destroy();
      upstream.destroy();
    };
    track(client, both);
    track(upstream, both);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : 0,
    attempts,
    cut() {
      state = "cut";
      for (const socket of open) socket.destroy();
    },
    freeze() {
      state = "frozen";
      for (const socket of open) hold(socket);
    },
    restore() {
      state = "forwarding";
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
