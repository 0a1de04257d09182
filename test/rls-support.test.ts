// RLS on the support module as PostgREST runs a request: role switched and JWT claims set inside
// a transaction. Own rows are visible, other members' rows are invisible and cannot be changed,
// anon is refused, service_role sees everything.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineEnvironment } from "../program/environment";
import { withClient } from "../providers/postgres/client";
import { createTestDatabase, type TestDatabase } from "./helpers/database";
import { testStack, type TestStack } from "./helpers/engine";
import { asActor, attempt, impersonate } from "./helpers/postgrest";

const ALICE = "00000000-0000-4000-8000-00000000a11c";
const BOB = "00000000-0000-4000-8000-000000000b0b";
const alice = { role: "authenticated" as const, sub: ALICE };
const bob = { role: "authenticated" as const, sub: BOB };
const anon = { role: "anon" as const };
const service = { role: "service_role" as const };

let db: TestDatabase;
let ts: TestStack;

beforeAll(async () => {
  db = await createTestDatabase("rls_support");
  ts = await testStack({
    name: "rls-support",
    program: async () => {
      await defineEnvironment({ target: "url", databaseUrl: db.url, modules: '["support"]' });
      return {};
    },
  });
  await ts.stack.up();
  await withClient(db.url, async (c) => {
    for (const [id, name] of [
      [ALICE, "Alice Moreau"],
      [BOB, "Bob Nkemelu"],
    ]) {
      await c.query("INSERT INTO auth.users (id, email) VALUES ($1, $2)", [id, `${name.split(" ")[0]?.toLowerCase()}@example.com`]);
      await c.query("INSERT INTO support.users (id, email, name) VALUES ($1, $2, $3)", [id, `${name.split(" ")[0]?.toLowerCase()}@example.com`, name]);
      const conv = await c.query("INSERT INTO support.conversations (user_id, session_id) VALUES ($1, $2) RETURNING id", [id, `session_179000000000${id.slice(-1)}_${name.slice(0, 4).toLowerCase()}12345`]);
      await c.query("INSERT INTO support.messages (conversation_id, role, content) VALUES ($1, 'user', 'Where is my order MS-120034?')", [conv.rows[0].id]);
    }
  });
});
afterAll(async () => {
  await ts?.destroy();
  await db?.drop();
});

describe("support RLS as PostgREST sees it", () => {
  it("an authenticated member sees only their own rows", async () => {
    const seen = await asActor(db.url, alice, async (c) => ({
      users: (await c.query("SELECT id FROM support.users")).rows.map((r) => r.id),
      conversations: (await c.query("SELECT user_id FROM support.conversations")).rows.map((r) => r.user_id),
      messages: (await c.query("SELECT count(*)::int AS n FROM support.messages")).rows[0].n,
    }));
    expect(seen).toEqual({ users: [ALICE], conversations: [ALICE], messages: 1 });
  });

  it("another member's rows cannot be updated or deleted", async () => {
    await withClient(db.url, async (c) => {
      expect(await attempt(c, bob, "UPDATE support.conversations SET status = 'closed' WHERE user_id = $1", [ALICE])).toEqual({ rows: 0 });
      expect(await attempt(c, bob, "DELETE FROM support.conversations WHERE user_id = $1", [ALICE])).toEqual({ rows: 0 });
      expect(await attempt(c, bob, "UPDATE support.users SET name = 'x' WHERE id = $1", [ALICE])).toEqual({ rows: 0 });
      const forged = await attempt(c, bob, "INSERT INTO support.conversations (user_id, session_id) VALUES ($1, 'session_1790000000009_forged123')", [ALICE]);
      expect(forged.code).toBe("42501");
      expect(forged.error).toMatch(/row-level security/);
      expect(await attempt(c, alice, "UPDATE support.conversations SET status = 'closed' WHERE user_id = $1", [ALICE])).toEqual({ rows: 1 });
    });
  });

  it("anon is denied", async () => {
    await withClient(db.url, async (c) => {
      for (const table of ["users", "conversations", "messages", "escalations"]) {
        const r = await attempt(c, anon, `SELECT * FROM support.${table}`);
        expect(r.code, table).toBe("42501");
      }
    });
  });

  it("service_role sees everything", async () => {
    const n = await asActor(db.url, service, async (c) => (await c.query("SELECT count(*)::int AS n FROM support.conversations")).rows[0].n);
    expect(n).toBe(2);
  });

  it("a member escalates their own conversation (pending only), not another's; only staff move the status, forward", async () => {
    await withClient(db.url, async (c) => {
      const conv = await c.query("SELECT id FROM support.conversations WHERE user_id = $1", [ALICE]);
      const insert = "INSERT INTO support.escalations (conversation_id, issue_type, original_request) VALUES ($1, 'missing_delivery', 'Where is my order MS-120034?') RETURNING status";
      expect(await attempt(c, alice, insert, [conv.rows[0].id])).toEqual({ rows: 1 });
      // status is not a member's to write at all (no column privilege), not even 'pending'.
      const withStatus = "INSERT INTO support.escalations (conversation_id, issue_type, original_request, status) VALUES ($1, 'missing_delivery', 'x', $2)";
      expect((await attempt(c, alice, withStatus, [conv.rows[0].id, "resolved"])).code).toBe("42501");
      expect((await attempt(c, bob, insert, [conv.rows[0].id])).code).toBe("42501");
      await c.query("BEGIN");
      const e = await c.query("INSERT INTO support.escalations (conversation_id, issue_type, original_request) VALUES ($1, 'x', 'y') RETURNING id", [conv.rows[0].id]);
      await c.query("SAVEPOINT s");
      // Members have no UPDATE on escalations at all.
      await impersonate(c, alice);
      await expect(c.query("UPDATE support.escalations SET status = 'notified' WHERE id = $1", [e.rows[0].id])).rejects.toThrow(/permission denied/);
      await c.query("ROLLBACK TO SAVEPOINT s");
      await impersonate(c, service);
      await expect(c.query("UPDATE support.escalations SET status = 'resolved' WHERE id = $1", [e.rows[0].id])).rejects.toThrow(/cannot move from pending to resolved/);
      await c.query("ROLLBACK");
    });
  });

  it("deleting their conversation leaves the escalation to staff (detached), not erased", async () => {
    await withClient(db.url, async (c) => {
      await c.query("BEGIN");
      const conv = await c.query("SELECT id FROM support.conversations WHERE user_id = $1", [ALICE]);
      const e = await c.query("INSERT INTO support.escalations (conversation_id, issue_type, original_request) VALUES ($1, 'missing_delivery', 'Where is my order MS-120034?') RETURNING id", [conv.rows[0].id]);
      await impersonate(c, alice);
      expect((await c.query("DELETE FROM support.conversations WHERE id = $1", [conv.rows[0].id])).rowCount).toBe(1);
      await c.query("RESET ROLE");
      const left = await c.query("SELECT conversation_id, status FROM support.escalations WHERE id = $1", [e.rows[0].id]);
      expect(left.rows).toEqual([{ conversation_id: null, status: "pending" }]);
      await c.query("ROLLBACK");
    });
  });
});
