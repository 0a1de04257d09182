// voice: the AI voice agent of voice.md. Its FastAPI backend uses the service role (full access, as
// the source's "Service role full access" policies say). The source's optional Supabase Auth
// policies are kept: a signed-in user (a dispatcher) reads and creates their own agent
// configurations (created_by = auth.uid()). The calls and results placed with a user's
// configuration are theirs to read: ownership is derived through test_calls.agent_config_id ->
// agent_configurations.created_by (the source has no owner column on those tables). The source's
// optional anon "Public read access" on call_results is refused: it would publish every transcript,
// recording URL and driver's phone number to anyone holding the public anon key
// (docs/modules/voice.md). Anonymous sign-ins (role authenticated, is_anonymous true) read only what
// is theirs and create no configuration: dispatchers are permanent users, so the create policy is
// paired with a restrictive one refusing them (modules/policies.ts anonymousGuards).
import { CALLER, ownRows } from "../policies";
import { defineModule } from "../define";
import { moduleSqlDir } from "../files";

/** The signed-in user's own configurations (source: "Users can view own configs"). */
const ownConfig = `created_by = ${CALLER}`;
/** A call placed with one of the user's configurations. */
const ownCall = (s: string) => `agent_config_id IN (SELECT a.id FROM ${s}.agent_configurations a WHERE a.created_by = ${CALLER})`;
/** The result of such a call. */
const ownResult = (s: string) =>
  `call_id IN (SELECT c.id FROM ${s}.test_calls c JOIN ${s}.agent_configurations a ON a.id = c.agent_config_id WHERE a.created_by = ${CALLER})`;

const serviceRole = (table: string) => ownRows(table, "true", { ALL: "Service role full access" }, ["service_role"]);

export const voice = defineModule({
  name: "voice",
  sql: moduleSqlDir("voice"),
  description: "AI voice agent (Retell): agent configurations, test calls to truck drivers, call results",
  tables: [
    {
      name: "agent_configurations",
      grants: { authenticated: ["SELECT"] },
      // A user creates configurations (the source's "Users can create configs"): the content and
      // created_by, which defaults to auth.uid() and must equal it (policy). id, created_at and
      // updated_at are the server's. No UPDATE or DELETE for users (the source grants none).
      columns: { authenticated: { INSERT: ["name", "system_prompt", "scenario_type", "retell_settings", "conversation_config", "is_active", "created_by"] } },
    },
    { name: "test_calls", grants: { authenticated: ["SELECT"] } },
    { name: "call_results", grants: { authenticated: ["SELECT"] } },
  ],
  policies: (s) => [
    // Policy 1 of the source (section 4.2). service_role bypasses RLS on Supabase; the policies are
    // kept because the application's own migrations create them by these names.
    ...serviceRole("agent_configurations"),
    ...serviceRole("test_calls"),
    ...serviceRole("call_results"),
    // Policy 2 of the source, with auth.uid() evaluated once per statement.
    ...ownRows("agent_configurations", ownConfig, { SELECT: "Users can view own configs", INSERT: "Users can create configs" }),
    // Added: a user reads the calls and results of their own configurations (read-only; the backend writes them).
    ...ownRows("test_calls", ownCall(s), { SELECT: "Users can view calls of own configs" }),
    ...ownRows("call_results", ownResult(s), { SELECT: "Users can view results of own calls" }),
  ],
  views: [],
  functions: [],
  // The generator and its data load only when the module is seeded, never in the Pulumi program.
  generator: (target) => import("./seed.js").then((m) => m.voiceSeeder(target)),
});
