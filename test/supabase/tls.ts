// Test certificates: a CA of the test's own and a server certificate it signs (for 127.0.0.1 and
// localhost), made with the openssl command, the way Supabase's database and pooler certificates
// chain to Supabase's own root CA rather than to a public one.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface TestPki {
  dir: string;
  caFile: string;
  ca: string;
  key: string;
  cert: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync("openssl", args, { cwd, stdio: "pipe" });
}

/** A fresh CA and a server certificate signed by it, in a temporary folder. */
export function makePki(name = "Test Supabase Root CA"): TestPki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "supastack-pki-"));
  openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", `/CN=${name}`,
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"], dir);
  openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"], dir);
  fs.writeFileSync(path.join(dir, "server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
  openssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "server.ext"], dir);
  const read = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");
  return { dir, caFile: path.join(dir, "ca.crt"), ca: read("ca.crt"), key: read("server.key"), cert: read("server.crt") };
}
