// The stand-in project's database endpoint: a TCP proxy in front of the local PostgreSQL that speaks
// PostgreSQL's connection start the way Supabase's database and pooler do, so connection strings
// are tested for real:
// - SSLRequest is answered 'S' and the connection is upgraded to TLS with a certificate signed by
//   the test's own CA (Supabase's chain to Supabase's own root CA, docs guides/platform/ssl-enforcement);
//   GSSENCRequest is answered 'N' (libpq sends it first).
// - With SSL enforcement on, a plaintext connection is refused with "SSL connection is required"
//   (SQLSTATE XX000, as the pooler answers in supabase/cli#3390).
// - With network restrictions applied, a client whose (pretended) public address is in no allowed
//   range is refused (docs guides/platform/network-restrictions: they cover Postgres and the pooler).
// - While SSL enforcement is being applied the database restarts: new connections are refused
//   (docs ssl-enforcement: "Applying or updating SSL enforcement triggers a fast database reboot").
// The checks pick the project from the startup message's user, postgres.<ref> (the pooler's login).
import net from "node:net";
import tls from "node:tls";

export interface ProxyDecision {
  /** Refuse with this FATAL message and SQLSTATE. */
  refuse?: { code: string; message: string };
}

export interface ProxyOptions {
  backend: { host: string; port: number };
  key: string;
  cert: string;
  /** Decide about a connection from its startup parameters and whether it is encrypted. */
  decide(params: Record<string, string>, encrypted: boolean): ProxyDecision;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.concat([
    ...[["S", "FATAL"], ["V", "FATAL"], ["C", code], ["M", message]].map(([t, v]) => Buffer.concat([Buffer.from(t as string), Buffer.from(`${v}\0`)])),
    Buffer.from([0]),
  ]);
  const head = Buffer.alloc(5);
  head.write("E", 0);
  head.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([head, fields]);
}

/** Reads exactly one length-prefixed startup packet from a socket (buffering what arrives after it). */
function readPacket(socket: net.Socket | tls.TLSSocket, pending: Buffer): Promise<{ packet: Buffer; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    let buf = pending;
    const tryParse = (): boolean => {
      if (buf.length < 4) return false;
      const len = buf.readInt32BE(0);
      if (len < 8 || len > 10_000) {
        reject(new Error("bad startup packet"));
        return true;
      }
      if (buf.length < len) return false;
      socket.off("data", onData);
      socket.off("error", onError);
      socket.off("close", onClose);
      socket.pause();
      resolve({ packet: buf.subarray(0, len), rest: buf.subarray(len) });
      return true;
    };
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      tryParse();
    };
    const onError = (e: Error) => reject(e);
    const onClose = () => reject(new Error("closed before startup"));
    if (tryParse()) return;
    socket.on("data", onData);
    socket.once("error", onError);
    socket.once("close", onClose);
  });
}

function startupParams(packet: Buffer): Record<string, string> {
  const parts = packet.subarray(8).toString("utf8").split("\0");
  const params: Record<string, string> = {};
  for (let i = 0; i + 1 < parts.length; i += 2) if (parts[i]) params[parts[i] as string] = parts[i + 1] as string;
  return params;
}

export class PgProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly options: ProxyOptions) {}

  async start(): Promise<number> {
    this.server = net.createServer((socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
      socket.on("error", () => undefined);
      void this.handle(socket).catch(() => socket.destroy());
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.port = (this.server?.address() as net.AddressInfo).port;
    return this.port;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private async handle(raw: net.Socket): Promise<void> {
    let socket: net.Socket | tls.TLSSocket = raw;
    let encrypted = false;
    let pending = Buffer.alloc(0);
    for (;;) {
      const { packet, rest } = await readPacket(socket, pending);
      pending = rest;
      const code = packet.readInt32BE(4);
      if (code === GSSENC_REQUEST) {
        socket.write("N");
        continue;
      }
      if (code === SSL_REQUEST && !encrypted) {
        socket.write("S");
        const secure = new tls.TLSSocket(raw, { isServer: true, key: this.options.key, cert: this.options.cert });
        secure.on("error", () => raw.destroy());
        socket = secure;
        encrypted = true;
        continue;
      }
      const params = code === CANCEL_REQUEST ? {} : startupParams(packet);
      const decision = code === CANCEL_REQUEST ? {} : this.options.decide(params, encrypted);
      if (decision.refuse) {
        socket.end(errorResponse(decision.refuse.code, decision.refuse.message));
        return;
      }
      const upstream = net.connect(this.options.backend.port, this.options.backend.host);
      upstream.on("error", () => socket.destroy());
      socket.on("error", () => upstream.destroy());
      upstream.write(Buffer.concat([packet, pending]));
      socket.pipe(upstream);
      upstream.pipe(socket);
      socket.on("close", () => upstream.destroy());
      upstream.on("close", () => socket.destroy());
      return;
    }
  }
}
