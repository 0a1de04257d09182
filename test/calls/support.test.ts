// The Member Support Agent's own data accesses (support.md), run against a stack applied by the
// engine and seeded with the dev profile, each as the role the application would use, translated
// into the SQL PostgREST runs for it (one transaction, JWT claims, SET LOCAL ROLE; bodies through
// json_populate_record as PostgREST does, so JSON values are converted the way it converts them).
//
// The source app talks to Supabase with the ANON key ("Get API Credentials"; "Security
// Considerations": "uses anonymous access"). On a production project that key is public, so anon
// gets nothing here (calls 1-2 show the refusal) and the app signs in anonymously
// (supabase.auth.signInAnonymously()): the member is role authenticated with is_anonymous = true
// and a real auth.uid(). The backend writes the assistant's turns and works escalations with the
// service key (service_role).
//
// Calls, and where they come from in support.md:
//   1. anon  INSERT users (email, name, phone)                 "Example RLS Policy": Allow anonymous insert  -> refused (42501)
//   2. anon  SELECT users                                      "Example RLS Policy" / anon key                -> refused (42501)
//   3. member INSERT users {name, phone}, no id (no email: an anonymous sign-in has none; issue 26) -> id = auth.uid()
//   4. member SELECT users WHERE id = me                       "Example RLS Policy": Allow user read own data; User Management (read)
//   5. member UPDATE users SET phone .eq(id)                   "CRUD Operations": User Management (update)
//   6. member INSERT conversations {user_id, session_id}       "CRUD Operations": Conversation Tracking; status defaults to 'active'
//   7. member SELECT conversations .eq(session_id)             "CRUD Operations": Session management
//   8. member INSERT messages {conversation_id, role: user, content}        "CRUD Operations": Message Storage
//   9. backend INSERT messages {role: assistant}  (service_role)            "CRUD Operations": Message Storage (assistant turns)
//  10. member INSERT messages {role: assistant}                             refused: members write only their own turns (issue 11)
//  11. member SELECT messages .eq(conversation_id).order(created_at)       "CRUD Operations": chat history
//  12. member INSERT escalations {conversation_id, issue_type, original_request, contact_info, conversation_context}  "Escalation Handling"
//  13. backend UPDATE escalations SET status notified -> in_progress -> resolved (service_role)  "Escalation Tracking: status tracking"
//  14. SQL editor: information_schema.columns of the schema      "Debugging Queries": Check table structure (schema support, not public)
//  15. SQL editor: SELECT * FROM conversations ORDER BY created_at DESC LIMIT 10   "Debugging Queries": Monitor recent activity
//  16. SQL editor: conversations LEFT JOIN messages GROUP BY c.id               "Debugging Queries": Check for data integrity
// The SQL editor runs as the project's `postgres` role; here as service_role, which sees the same rows.
// Every call runs in each placement of test/helpers/stack-db.ts: a database the stack created, and
// the application's legacy database adopted by `supastack adopt` into the module's schema or kept in
// public; SQL names the module's schema as the stack placed it (S).
import { seedersOf } from "../../modules/catalog";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "../../seeds/api";
import { withClient } from "../../providers/postgres/client";
import { type Actor, anonymousClaims, attempt, postgrestInsert, postgrestUpdate, request } from "../helpers/postgrest";
import { type AppliedDatabase, databaseWithModules, PLACEMENTS } from "../helpers/stack-db";

const ME = "00000000-0000-4000-8000-00000000f00d";
// An anonymous sign-in: role authenticated, is_anonymous in the JWT (Supabase Auth, anonymous sign-ins).
// GoTrue's claims for an anonymous sign-in (is_anonymous true, no email).
const member: Actor = { role: "authenticated", sub: ME, claims: anonymousClaims(ME) };
const anon: Actor = { role: "anon" };
const backend: Actor = { role: "service_role" };

describe.each(PLACEMENTS)("support (%s)", (placement) => {
  let applied: AppliedDatabase;
  let url: string;
  let S: string;

  beforeAll(async () => {
    applied = await databaseWithModules("calls_support", ["support"], { placement });
    url = applied.db.url;
    S = applied.modules[0]!.schema;
    await seedDatabase({ url, seeders: await seedersOf(applied.modules), profile: "dev", seed: 3, quiet: true });
    // The anonymous user GoTrue creates on signInAnonymously().
    await withClient(url, (c) => c.query("INSERT INTO auth.users (id, role, aud, is_anonymous) VALUES ($1, 'authenticated', 'authenticated', true)", [ME]));
  });
  afterAll(async () => {
    await applied?.dispose();
  });

  type Body = Record<string, unknown>;
  const insertSql = (table: string, body: Body) => postgrestInsert(S, table, body);
  const updateSql = (table: string, body: Body, col: string, value: unknown) => postgrestUpdate(S, table, body, col, value);




  describe("support: the application's calls against a seeded stack", () => {
    it("calls 1-2: the public anon key reaches nothing", async () => {
      await withClient(url, async (c) => {
        const [sql, params] = insertSql("users", { email: "drive-by@example.com", name: "Drive By", phone: "+14155550100" });
        const insert = await attempt(c, anon, sql, params);
        expect(insert.code).toBe("42501");
        expect((await attempt(c, anon, `SELECT * FROM ${S}.users`)).code).toBe("42501");
      });
    });

    it("calls 3-16: a member's session from first message to escalation, the backend's turns, the SQL editor's queries", async () => {
      await withClient(url, async (c) => {
        // 3-5 users
        // An anonymous member has no email in the JWT: the profile's email must stay empty (issue 26; the
        // address the member types goes into the escalation's contact_info below).
        expect((await attempt(c, member, ...insertSql("users", { email: "sam.rivera@example.org", name: "Sam Rivera" }))).code).toBe("42501");
        const [created] = await request(c, member, insertSql("users", { name: "Sam Rivera", phone: "+16175550123" }));
        expect(created).toMatchObject({ id: ME, email: null, name: "Sam Rivera" });
        const mine = await request(c, member, [`SELECT * FROM ${S}.users WHERE id = $1`, [ME]]);
        expect(mine).toHaveLength(1);
        const visible = await request(c, member, [`SELECT id FROM ${S}.users`, []]);
        expect(visible.map((r) => r.id)).toEqual([ME]);
        const [updated] = await request(c, member, updateSql("users", { phone: "+16175550188" }, "id", ME));
        expect(updated.phone).toBe("+16175550188");
        expect(updated.updated_at >= updated.created_at).toBe(true);

        // 6-7 conversations
        const session = `session_${Date.now()}_a1b2c3d4e`;
        const [conv] = await request(c, member, insertSql("conversations", { user_id: ME, session_id: session }));
        expect(conv).toMatchObject({ user_id: ME, session_id: session, status: "active" });
        const bySession = await request(c, member, [`SELECT * FROM ${S}.conversations WHERE session_id = $1`, [session]]);
        expect(bySession.map((r) => r.id)).toEqual([conv.id]);

        // 8-11 messages
        const ask = "Hi, order MS-552301 still hasn't arrived. It was due Nov 14.";
        await request(c, member, insertSql("messages", { conversation_id: conv.id, role: "user", content: ask }));
        await request(c, backend, insertSql("messages", { conversation_id: conv.id, role: "assistant", content: "Sorry, Sam. Order MS-552301 shipped with UPS on Nov 9." }));
        const [sql, params] = insertSql("messages", { conversation_id: conv.id, role: "assistant", content: "Your refund is approved." });
        const forged = await attempt(c, member, sql, params);
        expect(forged.code).toBe("42501");
        expect(forged.error).toMatch(/row-level security/);
        const history = await request(c, member, [`SELECT role, content FROM ${S}.messages WHERE conversation_id = $1 ORDER BY created_at`, [conv.id]]);
        expect(history.map((m) => m.role)).toEqual(["user", "assistant"]);

        // 12-13 escalations
        const [esc] = await request(
          c,
          member,
          insertSql("escalations", {
            conversation_id: conv.id,
            issue_type: "missing_delivery",
            original_request: ask,
            contact_info: { name: "Sam Rivera", email: "sam.rivera@example.org", phone: "+16175550188", preferred_channel: "sms" },
            conversation_context: "Member Sam Rivera reports order MS-552301 not delivered; due Nov 14.",
          }),
        );
        expect(esc).toMatchObject({ status: "pending", contact_info: { preferred_channel: "sms" } });
        for (const status of ["notified", "in_progress", "resolved"]) {
          const [row] = await request(c, backend, updateSql("escalations", { status }, "id", esc.id));
          expect(row.status).toBe(status);
        }
        const seen = await request(c, member, [`SELECT status FROM ${S}.escalations`, []]);
        expect(seen).toEqual([{ status: "resolved" }]);

        // 14-16 the SQL editor's queries
        const columns = await request(c, backend, [`SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = '${S}'`, []]);
        expect(columns.length).toBe(6 + 6 + 5 + 9);
        const recent = await request(c, backend, [`SELECT * FROM ${S}.conversations ORDER BY created_at DESC LIMIT 10`, []]);
        expect(recent).toHaveLength(10);
        const integrity = await request(c, backend, [
          `SELECT c.id, COUNT(m.id) AS message_count FROM ${S}.conversations c LEFT JOIN ${S}.messages m ON c.id = m.conversation_id GROUP BY c.id`,
          [],
        ]);
        expect(integrity.length).toBeGreaterThan(100);
        expect(integrity.find((r) => r.id === conv.id)?.message_count).toBe("2");
      });
    });

    it("verify finds nothing wrong with the module", async () => {
      expect(await applied.unexpectedFindings()).toEqual([]);
    });
  });
});
