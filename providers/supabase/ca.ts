// Supabase's root CA for the connection strings: a path to the PEM file (relative to the project
// root) or the PEM text itself (the program takes it from the stack's configuration and names the
// key in messages). supastack cannot ship it (it is published only from the dashboard, in no npm
// package), so a stack without it fails at preview with the steps to get it: never a silent
// fallback to an unverified connection.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const CA_HOWTO =
  "Supabase's database and pooler certificates chain to Supabase's own root CA, which no system CA store holds: " +
  "download it from the dashboard (Project Settings > Database > SSL Configuration > Download certificate, prod-ca-2021.crt), " +
  "save it in the project (e.g. certs/supabase-ca.crt) and give its path (or the PEM text)";

/** Pure: the problem with a PEM text, or undefined when it holds a CA certificate. */
export function pemProblem(pem: string): string | undefined {
  if (!pem.includes("-----BEGIN CERTIFICATE-----")) return "is not a PEM certificate (no BEGIN CERTIFICATE line)";
  try {
    const cert = new crypto.X509Certificate(pem);
    if (!cert.ca) return `holds a certificate that is not a CA (${cert.subject.replace(/\n/g, ", ")})`;
  } catch (error) {
    return `is not a readable certificate (${(error as Error).message})`;
  }
  return undefined;
}

/**
 * The CA file the connection strings name: the given path (checked), or the PEM text written once
 * to `<stateDir>/certs/<hash>.pem`. Throws saying what is wrong (the caller names where it came from).
 */
export function resolveCaFile(value: string | undefined, root: string, stateDir: string): string {
  if (!value) throw new Error(`missing. ${CA_HOWTO}`);
  if (value.includes("-----BEGIN")) {
    const problem = pemProblem(value);
    if (problem) throw new Error(`the PEM text ${problem}`);
    const file = path.join(stateDir, "certs", `${crypto.createHash("sha256").update(value).digest("hex").slice(0, 16)}.pem`);
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, value);
    }
    return file;
  }
  const file = path.resolve(root, value);
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist. ${CA_HOWTO}`);
  const problem = pemProblem(fs.readFileSync(file, "utf8"));
  if (problem) throw new Error(`${file} ${problem}`);
  return file;
}
