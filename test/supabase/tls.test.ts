// TLS to a Supabase-shaped database: the stand-in endpoint (test/supabase/pg-proxy.ts) speaks
// PostgreSQL's SSLRequest and presents a certificate chained to a CA of the test's own, as Supabase's
// database and pooler present one chained to Supabase's root CA. The connection strings supastack
// builds connect and verify; the old ones (sslmode=require, which pg treats as verification against
// Node's CA store) fail exactly as they would against a real project; a wrong CA fails; plaintext
// is refused once SSL enforcement is on.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectionStrings } from "../../providers/supabase/connections";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { MockManagementApi, type MockProject, projectDatabase } from "../helpers/supabase-api";
import { makePki } from "./tls";

const TOKEN = "sbp_tls_test_token_0123456789abcdef";
let db: TestDatabase;
let api: MockManagementApi;
let project: MockProject;

async function query(url: string): Promise<{ one: number; encrypted: boolean }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ one: number }>("SELECT 1 AS one");
    const stream = (client as unknown as { connection: { stream: { encrypted?: boolean } } }).connection.stream;
    return { one: rows[0]?.one as number, encrypted: stream.encrypted === true };
  } finally {
    await client.end();
  }
}

function urls(caFile: string) {
  const rows = [{ database_type: "PRIMARY", db_user: `postgres.${project.ref}`, db_host: "127.0.0.1", db_port: api.dbPort, db_name: db.name, pool_mode: "transaction" }];
  return connectionStrings(rows, "127.0.0.1", project.dbPass, caFile, api.dbPort);
}

beforeAll(async () => {
  db = await createTestDatabase("tls");
  api = new MockManagementApi({ token: TOKEN, database: projectDatabase(db) });
  await api.start();
  const res = await fetch(`${api.url}/v1/projects`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "tls", organization_slug: "acme", db_pass: "tls-test-password-123", region_selection: { type: "specific", code: "eu-west-1" } }),
  });
  project = api.projects.get(((await res.json()) as { ref: string }).ref) as MockProject;
});
afterAll(async () => {
  await api?.stop();
  await db?.drop();
});

describe("TLS to the project's database", () => {
  it("connects over TLS verified against the configured CA", async () => {
    const result = await query(urls(api.caFile).poolerTransaction);
    expect(result).toEqual({ one: 1, encrypted: true });
  });

  it("fails with the old connection strings (sslmode=require: Node's CA store does not know Supabase's CA)", async () => {
    const old = urls(api.caFile).poolerTransaction.replace(/\?.*$/, "?sslmode=require");
    const error = await query(old).catch((e: NodeJS.ErrnoException) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as NodeJS.ErrnoException).code).toBe("SELF_SIGNED_CERT_IN_CHAIN");
  });

  it("fails with another CA", async () => {
    const other = makePki("Some Other Root CA");
    const wrongCa = await query(urls(other.caFile).poolerTransaction).catch((e: Error) => e);
    expect((wrongCa as NodeJS.ErrnoException).code).toBe("SELF_SIGNED_CERT_IN_CHAIN");
  });

  it("refuses plaintext once SSL enforcement is applied", async () => {
    project.ssl = true;
    try {
      const plain = urls(api.caFile).poolerTransaction.replace(/\?.*$/, "?sslmode=disable");
      const error = await query(plain).catch((e: Error) => e);
      expect(String(error)).toMatch(/SSL connection is required/);
      expect((await query(urls(api.caFile).poolerTransaction)).encrypted).toBe(true);
    } finally {
      project.ssl = false;
    }
  });
});
