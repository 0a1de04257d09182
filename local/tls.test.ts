// The local server's certificates: made once, valid for the hosts a URL may name, remade when they would not do.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureLocalTls, serverCertProblem } from "./tls";

const state = fs.mkdtempSync(path.join(os.tmpdir(), "supastack-tls-"));
process.env.SUPASTACK_STATE_DIR = state;
afterAll(() => fs.rmSync(state, { recursive: true, force: true }));

describe("the local CA and server certificate", () => {
  const first = ensureLocalTls();
  const read = (f: string) => fs.readFileSync(f, "utf8");

  it("makes a CA and a server certificate it signs, for 127.0.0.1, ::1 and localhost", () => {
    expect(first.made).toHaveLength(2);
    const ca = new crypto.X509Certificate(read(first.caFile));
    const cert = new crypto.X509Certificate(read(first.certFile));
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(cert.checkHost("localhost")).toBe("localhost");
    expect(cert.checkHost("example.com")).toBeUndefined();
    expect(serverCertProblem(read(first.certFile), read(first.caFile))).toBeUndefined();
    expect(fs.statSync(path.join(path.dirname(first.caFile), "ca.key")).mode & 0o077).toBe(0);
    expect(fs.statSync(first.keyFile).mode & 0o077).toBe(0);
    // The folder beside the data folders stays reachable for the server's OS user.
    expect(fs.statSync(path.dirname(path.dirname(first.caFile))).mode & 0o005).toBe(0o005);
  });

  it("keeps them on the next start", () => {
    const again = ensureLocalTls();
    expect(again.made).toEqual([]);
    expect(read(again.caFile)).toBe(read(first.caFile));
  });

  it("says why a certificate will not do: expiring, signed by another CA", () => {
    const later = new Date(Date.now() + 820 * 86_400_000);
    expect(serverCertProblem(read(first.certFile), read(first.caFile), later)).toMatch(/^expires /);
    const other = fs.mkdtempSync(path.join(os.tmpdir(), "supastack-tls-other-"));
    process.env.SUPASTACK_STATE_DIR = other;
    try {
      const foreign = ensureLocalTls();
      expect(serverCertProblem(read(first.certFile), read(foreign.caFile))).toBe("not signed by the local CA");
    } finally {
      process.env.SUPASTACK_STATE_DIR = state;
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it("remakes a server certificate the CA did not sign, keeping the CA", () => {
    fs.writeFileSync(first.certFile, "-----BEGIN CERTIFICATE-----\nnot one\n-----END CERTIFICATE-----\n");
    const again = ensureLocalTls();
    expect(again.made).toEqual([expect.stringMatching(/^a server certificate \(the previous one: unreadable/)]);
    expect(serverCertProblem(read(again.certFile), read(again.caFile))).toBeUndefined();
  });
});
