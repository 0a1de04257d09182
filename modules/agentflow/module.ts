// agentflow: the AgentFlow AI Platform (source: agentflow.md). The backend (agents, workflows) writes
// with the service role, as the source's "Service role full access (backend operations)" says.
// A signed-in user sees their own profile, their conversations and what lives under them (messages,
// shared memory), the workflow executions they initiated with their agent messages, and the leads
// assigned to them; admins (profiles.role = 'admin', "Admin privileges") read everything and manage
// leads. Anonymous sign-ins write nothing (the platform's members are permanent users): every write
// policy is paired with a restrictive one that refuses them (modules/policies.ts anonymousGuards).
// anon gets nothing: the source's "public insert where appropriate" is not granted (see
// docs/modules/agentflow.md).
import { CALLER, ownEmail, ownRows } from "../policies";
import type { PolicySpec } from "../spec";
import { defineModule } from "../define";
import { moduleSqlDir } from "../files";

const me = CALLER;
/** What sales reps and admins write on a lead (ids and times are the server's). */
const LEAD_COLUMNS = ["name", "email", "phone", "company", "status", "lead_score", "services_interested", "budget_range", "timeline", "source", "notes", "assigned_to", "metadata"];

/** The module's policies, naming its objects in schema `s`. */
function policies(s: string): PolicySpec[] {
  const admin = `(SELECT ${s}.is_admin())`;
  /** The caller owns the conversation a row's TEXT conversation_id names (conversation_id is unique in conversations). */
  const ownConversation = `conversation_id IN (SELECT c.conversation_id FROM ${s}.conversations c WHERE c.user_id = ${me})`;
  const ownWorkflow = `workflow_execution_id IN (SELECT w.id FROM ${s}.workflow_executions w WHERE w.initiated_by = ${me})`;
  return [
    ...ownRows("profiles", `id = ${me}`, {
      SELECT: { name: "users read their profile, admins all", using: `id = ${me} OR ${admin}` },
      // A second profile is refused as RLS refuses (not as a duplicate key): my_role() is NULL only
      // for a caller without a profile (a policy on profiles cannot read profiles: it would recurse).
      // role itself is not theirs to set (no column privilege). The email mirrors the auth user's:
      // the caller's own JWT email or none, never another user's.
      INSERT: { name: "users create their one profile", withCheck: `id = ${me} AND (SELECT ${s}.my_role()) IS NULL AND ${ownEmail()}` },
      UPDATE: { name: "users update their profile", withCheck: `id = ${me} AND ${ownEmail()}` },
    }),

    ...ownRows("conversations", `user_id = ${me}`, {
      SELECT: { name: "users read their conversations, admins all", using: `user_id = ${me} OR ${admin}` },
      INSERT: { name: "users open their conversations", withCheck: `user_id = ${me} AND COALESCE(role, 'user') = 'user'` },
      UPDATE: "users update their conversations",
      DELETE: "users delete their conversations",
    }),

    ...ownRows("messages", `${ownConversation} OR ${admin}`, {
      SELECT: "users read their conversations' messages, admins all",
      INSERT: { name: "users write their own turns in their conversations", withCheck: `sender_type = 'user' AND message_type <> 'system' AND ${ownConversation}` },
    }),

    ...ownRows("leads", `assigned_to = ${me} OR ${admin}`, {
      SELECT: "sales read leads assigned to them, admins all",
      INSERT: { name: "sales add leads for themselves, admins any", withCheck: `(assigned_to = ${me} AND (SELECT ${s}.my_role()) = 'sales') OR ${admin}` },
      UPDATE: "sales work leads assigned to them, admins all",
      DELETE: { name: "admins delete leads", using: admin },
    }),

    ...ownRows("workflow_executions", `initiated_by = ${me} OR ${admin}`, { SELECT: "users read workflows they initiated, admins all" }),
    ...ownRows("agent_messages", `${ownWorkflow} OR ${admin}`, { SELECT: "users read agent messages of their workflows, admins all" }),
    ...ownRows("shared_memory", `${ownConversation} OR ${admin}`, { SELECT: "users read their conversations' memory, admins all" }),
  ];
}

export const agentflow = defineModule({
  name: "agentflow",
  sql: moduleSqlDir("agentflow"),
  description: "AgentFlow AI Platform: profiles, conversations with threaded messages, leads, workflow executions, agent messages, shared memory",
  // Column privileges (issue 11): a signed-in user writes only the columns listed; ids, times,
  // profile roles, message senders and statuses, and everything agents write are server-owned.
  // Values within a granted column are narrowed by the policies (user_id/assigned_to = the caller,
  // role 'user', sender_type 'user') and stamped by triggers (messages.sender_id).
  tables: [
    { name: "profiles", grants: { authenticated: ["SELECT"] }, columns: { authenticated: { INSERT: ["id", "email", "full_name"], UPDATE: ["email", "full_name"] } } },
    {
      name: "conversations",
      grants: { authenticated: ["SELECT", "DELETE"] },
      // conversation_id is generated, never chosen by a user: ownership of everything keyed by it
      // (messages, memory) follows the row that holds it, so a user must not claim an id the
      // backend will use for someone else.
      columns: { authenticated: { INSERT: ["user_id", "session_id", "role", "content", "channel", "metadata"], UPDATE: ["status", "metadata"] } },
    },
    {
      name: "messages",
      grants: { authenticated: ["SELECT"] },
      columns: { authenticated: { INSERT: ["conversation_id", "parent_message_id", "sender_type", "sender_id", "content", "message_type", "metadata"] } },
    },
    { name: "leads", grants: { authenticated: ["SELECT", "DELETE"] }, columns: { authenticated: { INSERT: LEAD_COLUMNS, UPDATE: LEAD_COLUMNS } } },
    { name: "workflow_executions", grants: { authenticated: ["SELECT"] } },
    { name: "agent_messages", grants: { authenticated: ["SELECT"] } },
    { name: "shared_memory", grants: { authenticated: ["SELECT"] } },
  ],
  policies,
  // "Analytics views created" (source checklist) without definitions: two small aggregates, run as
  // the caller (security_invoker), so each reader counts only the rows RLS shows them.
  views: (s) => [
    {
      name: "lead_pipeline",
      definition: `SELECT l.status,
       count(*) AS leads,
       round(avg(l.lead_score), 1) AS avg_lead_score,
       count(*) FILTER (WHERE l.assigned_to IS NULL) AS unassigned
  FROM ${s}.leads l
 GROUP BY l.status`,
      grants: { authenticated: ["SELECT"] },
    },
    {
      name: "workflow_stats",
      definition: `SELECT w.workflow_type,
       count(*) AS executions,
       count(*) FILTER (WHERE w.current_state = 'completed') AS completed,
       count(*) FILTER (WHERE w.current_state = 'failed') AS failed,
       count(*) FILTER (WHERE w.completed_at IS NULL) AS in_progress,
       round(avg(EXTRACT(epoch FROM w.completed_at - w.started_at)) FILTER (WHERE w.current_state = 'completed'), 1) AS avg_duration_seconds
  FROM ${s}.workflow_executions w
 GROUP BY w.workflow_type`,
      grants: { authenticated: ["SELECT"] },
    },
  ],
  // Used inside the policies above, so the role they apply to must be able to call it.
  functions: [
    { signature: "is_admin()", grants: ["authenticated"] },
    { signature: "my_role()", grants: ["authenticated"] },
  ],
  // The generator and its data load only when the module is seeded, never in the Pulumi program.
  generator: (target) => import("./seed.js").then((m) => m.agentflowSeeder(target)),
});
