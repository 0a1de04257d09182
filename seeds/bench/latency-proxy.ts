// A TCP proxy that makes a local PostgreSQL look remote: every byte reaches the other side
// `delayMs` after it was sent (each way), and each direction of a connection has at most
// `windowBytes` unacknowledged — bytes count as in flight until their acknowledgement would be
// back (2 x delayMs), as a TCP window does. One connection thus moves at most
// windowBytes / (2 x delayMs): the round trips, not the server, bound a single stream.
// Used by `npm run bench:seed` (the remote case) and by tests of `--connections`.
import net from "node:net";

export interface LatencyProxyOptions {
  targetHost: string;
  targetPort: number;
  /** One-way delay (default 20 ms). */
  delayMs?: number;
  /** Bytes in flight per direction and connection (default 64 KiB, a TCP window without scaling). */
  windowBytes?: number;
}

export interface LatencyProxy {
  port: number;
  /**
   * Requests so far, over all connections: client data arriving after the server last answered
   * (or first on a connection) — each costs about one round trip.
   */
  requests(): number;
  /** The URL `url` rewritten to go through the proxy. */
  via(url: string): string;
  close(): Promise<void>;
}

function relay(from: net.Socket, to: net.Socket, delayMs: number, windowBytes: number, onData: () => void): void {
  let inFlight = 0;
  from.on("data", (chunk: Buffer) => {
    onData();
    inFlight += chunk.length;
    if (inFlight >= windowBytes) from.pause();
    setTimeout(() => {
      if (!to.destroyed) to.write(chunk);
      // The acknowledgement takes as long to come back.
      setTimeout(() => {
        inFlight -= chunk.length;
        if (inFlight < windowBytes && from.isPaused()) from.resume();
      }, delayMs);
    }, delayMs);
  });
  from.on("end", () => setTimeout(() => to.end(), delayMs));
  from.on("error", () => to.destroy());
}

export function startLatencyProxy(options: LatencyProxyOptions): Promise<LatencyProxy> {
  const delayMs = options.delayMs ?? 20;
  const windowBytes = options.windowBytes ?? 64 * 1024;
  const sockets = new Set<net.Socket>();
  let requests = 0;
  const server = net.createServer((client) => {
    let answered = true;
    const upstream = net.connect(options.targetPort, options.targetHost);
    for (const s of [client, upstream]) {
      s.setNoDelay(true);
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    }
    relay(client, upstream, delayMs, windowBytes, () => {
      if (answered) requests++;
      answered = false;
    });
    relay(upstream, client, delayMs, windowBytes, () => {
      answered = true;
    });
    upstream.on("error", () => client.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        port,
        requests: () => requests,
        via(url: string) {
          const u = new URL(url);
          u.hostname = "127.0.0.1";
          u.port = String(port);
          return u.toString();
        },
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
