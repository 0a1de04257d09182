// A stack's connection details as environment variables (pure): what `supastack ephemeral` gives
// its command and what `supastack outputs` prints for scripts.
import { databaseOf } from "../providers/postgres/url";

export interface OutputValue {
  value: unknown;
  secret: boolean;
}

export interface EnvEntry {
  key: string;
  value: string;
  secret: boolean;
}

/** DATABASE_URL and its libpq parts, the stack and its schemas; Supabase keys when the target has them. */
export function connectionEnv(stackName: string, outputs: Record<string, OutputValue>): EnvEntry[] {
  const entries: EnvEntry[] = [{ key: "SUPASTACK_STACK", value: stackName, secret: false }];
  const text = (k: string) => (typeof outputs[k]?.value === "string" ? (outputs[k].value as string) : undefined);
  const url = text("databaseUrl");
  if (url) {
    entries.push({ key: "DATABASE_URL", value: url, secret: true });
    const u = new URL(url);
    entries.push(
      { key: "PGHOST", value: u.hostname, secret: false },
      { key: "PGPORT", value: u.port || "5432", secret: false },
      { key: "PGDATABASE", value: databaseOf(url), secret: false },
      { key: "PGUSER", value: decodeURIComponent(u.username), secret: false },
      { key: "PGPASSWORD", value: decodeURIComponent(u.password), secret: true },
    );
    // TLS travels too: a libpq client using the PG* variables verifies the server as DATABASE_URL does.
    const sslmode = u.searchParams.get("sslmode");
    const sslrootcert = u.searchParams.get("sslrootcert");
    if (sslmode) entries.push({ key: "PGSSLMODE", value: sslmode, secret: false });
    if (sslrootcert) entries.push({ key: "PGSSLROOTCERT", value: sslrootcert, secret: false });
  }
  const schemas = outputs.schemas?.value;
  if (Array.isArray(schemas)) entries.push({ key: "SUPASTACK_SCHEMAS", value: [...new Set(schemas)].join(","), secret: false });
  const supabase: [string, string, boolean][] = [
    ["supabaseUrl", "SUPABASE_URL", false],
    ["publishableKey", "SUPABASE_PUBLISHABLE_KEY", false],
    ["secretKey", "SUPABASE_SECRET_KEY", true],
    // The legacy JWT keys (deprecated by Supabase by the end of 2026), while the project has them.
    ["anonKey", "SUPABASE_ANON_KEY", false],
    ["serviceRoleKey", "SUPABASE_SERVICE_ROLE_KEY", true],
  ];
  // A project without legacy keys gives its new keys under the legacy outputs too (pickKeys): those are not repeated.
  const sameAsNew = (output: string, value: string) =>
    (output === "anonKey" && value === text("publishableKey")) || (output === "serviceRoleKey" && value === text("secretKey"));
  for (const [output, key, secret] of supabase) {
    const value = text(output);
    if (value && !sameAsNew(output, value)) entries.push({ key, value, secret: secret || outputs[output]?.secret === true });
  }
  return entries;
}

/** Shell-safe single-quoted value. */
function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]*$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `KEY=value` lines; secrets become a comment unless shown. */
export function formatEnv(entries: EnvEntry[], showSecrets: boolean): string {
  return entries
    .map((e) => (e.secret && !showSecrets ? `# ${e.key} is a secret: add --show-secrets to print it` : `${e.key}=${shellQuote(e.value)}`))
    .join("\n");
}

/** One JSON object; secrets as "[secret]" unless shown. */
export function formatJson(entries: EnvEntry[], showSecrets: boolean): string {
  return JSON.stringify(Object.fromEntries(entries.map((e) => [e.key, e.secret && !showSecrets ? "[secret]" : e.value])), null, 2);
}
