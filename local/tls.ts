// TLS for the local server: a certificate authority of the project's own, made once and kept in
// .supastack/local/tls (ca.crt, and ca.key readable by this user only), and a server certificate it
// signs for the hosts the printed URL can name (127.0.0.1, ::1, localhost), remade from the same CA
// when it is missing, about to expire, or does not fit. The server reads a copy of the certificate
// and key in its data folder (PostgreSQL's ssl_cert_file / ssl_key_file defaults, server.crt and
// server.key; the key owned by the server's user, mode 0600, as PostgreSQL requires).
//
// Keys come from node's crypto (RSA 2048: libpq, Go's crypto/tls (pgx, the Supabase CLI) and node
// all accept it); the X.509 certificates are written with node-forge, a maintained library (node's
// crypto reads certificates but cannot make them, and an `openssl` command is not on every machine).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import forge from "node-forge";
import { projectRoot, stateDir } from "./paths";

/** The hosts a client may name in the URL: the server listens on 127.0.0.1 only, localhost resolves there. */
export const TLS_IPS = ["127.0.0.1", "::1"] as const;
export const TLS_DNS = ["localhost"] as const;
const CA_DAYS = 3650;
const SERVER_DAYS = 825;
/** A server certificate with less left than this is remade at the next start. */
const RENEW_BEFORE_DAYS = 30;
const DAY = 86_400_000;

export interface LocalTls {
  /** The CA a client verifies the server with (sslrootcert). */
  caFile: string;
  certFile: string;
  keyFile: string;
}

export function tlsDir(root = projectRoot()): string {
  return path.join(stateDir(root), "local", "tls");
}

export function localCaFile(root = projectRoot()): string {
  return path.join(tlsDir(root), "ca.crt");
}

/**
 * Pure: why a server certificate cannot be used (undefined when it can): not signed by the CA,
 * expiring within RENEW_BEFORE_DAYS of `now`, or not valid for every host a URL may name.
 */
export function serverCertProblem(certPem: string, caPem: string, now: Date = new Date()): string | undefined {
  let cert: crypto.X509Certificate;
  let ca: crypto.X509Certificate;
  try {
    cert = new crypto.X509Certificate(certPem);
    ca = new crypto.X509Certificate(caPem);
  } catch (error) {
    return `unreadable (${(error as Error).message})`;
  }
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return "not signed by the local CA";
  const left = new Date(cert.validTo).getTime() - now.getTime();
  if (left < RENEW_BEFORE_DAYS * DAY) return `expires ${cert.validTo}`;
  if (new Date(cert.validFrom).getTime() > now.getTime()) return `not valid before ${cert.validFrom}`;
  for (const ip of TLS_IPS) if (cert.checkIP(ip) === undefined) return `not valid for ${ip}`;
  for (const host of TLS_DNS) if (cert.checkHost(host) === undefined) return `not valid for ${host}`;
  return undefined;
}

function rsaKey(): { pem: string; key: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } {
  const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const key = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  return { pem, key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e) };
}

/** A positive random serial number (RFC 5280: at most 20 octets, non-negative). */
function serial(): string {
  const bytes = crypto.randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString("hex");
}

function validity(cert: forge.pki.Certificate, days: number): void {
  // An hour back: a client whose clock is a little behind still accepts a certificate made now.
  cert.validity.notBefore = new Date(Date.now() - 3_600_000);
  cert.validity.notAfter = new Date(Date.now() + days * DAY);
}

function makeCa(): { cert: string; key: string } {
  const { pem, key, publicKey } = rsaKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serial();
  validity(cert, CA_DAYS);
  const name = [{ name: "commonName", value: "supastack local CA" }, { name: "organizationName", value: "supastack (this project only)" }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(key, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: pem };
}

function makeServerCert(caCertPem: string, caKeyPem: string): { cert: string; key: string } {
  const ca = forge.pki.certificateFromPem(caCertPem);
  const caKey = forge.pki.privateKeyFromPem(caKeyPem);
  const { pem, publicKey } = rsaKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serial();
  validity(cert, SERVER_DAYS);
  cert.setSubject([{ name: "commonName", value: "localhost" }]);
  cert.setIssuer(ca.subject.attributes);
  cert.setExtensions([
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    { name: "subjectAltName", altNames: [...TLS_DNS.map((value) => ({ type: 2, value })), ...TLS_IPS.map((ip) => ({ type: 7, ip }))] },
    { name: "subjectKeyIdentifier" },
    { name: "authorityKeyIdentifier", keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: pem };
}

function read(file: string): string | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Runs `fn` holding `<dir>/.lock` (two first starts at once must not make two CAs); a dead holder's lock is taken over. */
function withLock<T>(dir: string, fn: () => T): T {
  const lock = path.join(dir, ".lock");
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(read(lock));
      if (!Number.isInteger(holder) || holder <= 0 || !alive(holder)) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${lock} is held by process ${holder}, which is making the local certificates`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

interface TlsFiles {
  caFile: string;
  caKey: string;
  certFile: string;
  keyFile: string;
}

/** What must be made: the CA when missing, the server certificate when serverCertProblem says so. */
function needed(files: TlsFiles): { ca: boolean; server?: string } {
  const caPem = read(files.caFile);
  if (!caPem || !read(files.caKey)) return { ca: true, server: "missing" };
  const certPem = read(files.certFile);
  return { ca: false, server: certPem && read(files.keyFile) ? serverCertProblem(certPem, caPem) : "missing" };
}

/**
 * The local CA and a usable server certificate, made when missing (the CA once; the server
 * certificate again when serverCertProblem says so). Returns the files and what was made.
 */
export function ensureLocalTls(root = projectRoot()): LocalTls & { made: string[] } {
  const dir = tlsDir(root);
  // Only the tls folder is private: the server's OS user must reach the data folders beside it.
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const files: TlsFiles = { caFile: path.join(dir, "ca.crt"), caKey: path.join(dir, "ca.key"), certFile: path.join(dir, "server.crt"), keyFile: path.join(dir, "server.key") };
  const made: string[] = [];
  const first = needed(files);
  if (first.ca || first.server) {
    withLock(dir, () => {
      // Again under the lock: another start may have made them meanwhile.
      const now = needed(files);
      if (now.ca) {
        const ca = makeCa();
        fs.writeFileSync(files.caKey, ca.key, { mode: 0o600 });
        fs.writeFileSync(files.caFile, ca.cert, { mode: 0o644 });
        made.push("a local CA");
      }
      if (now.server) {
        const server = makeServerCert(read(files.caFile) as string, read(files.caKey) as string);
        fs.writeFileSync(files.keyFile, server.key, { mode: 0o600 });
        fs.writeFileSync(files.certFile, server.cert, { mode: 0o644 });
        made.push(`a server certificate (the previous one: ${now.server})`);
      }
    });
  }
  return { caFile: files.caFile, certFile: files.certFile, keyFile: files.keyFile, made };
}

/**
 * Copies the server certificate and key into a data folder (PostgreSQL's default ssl_cert_file and
 * ssl_key_file), the key owned by the server's user with mode 0600.
 */
export function installServerCert(tls: LocalTls, dataDir: string, ids: { uid?: number; gid?: number }): void {
  const cert = path.join(dataDir, "server.crt");
  const key = path.join(dataDir, "server.key");
  fs.copyFileSync(tls.certFile, cert);
  fs.copyFileSync(tls.keyFile, key);
  fs.chmodSync(cert, 0o644);
  fs.chmodSync(key, 0o600);
  if (ids.uid !== undefined && ids.gid !== undefined) {
    fs.chownSync(cert, ids.uid, ids.gid);
    fs.chownSync(key, ids.uid, ids.gid);
  }
}
