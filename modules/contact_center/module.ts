// contact_center (source: contact_center.md): admins see everything; a supervisor sees their own
// profile, their own agents and those agents' interactions, archives, realtime metrics, tool
// permission requests and tools. Writes follow who does what in the source's flow: admins manage
// users; supervisors (and admins) manage agents and agent tools and answer tool permission
// requests; the agent runtime (the backend, with the service key) writes interactions, archives,
// realtime metrics and permission requests. Policies call SECURITY DEFINER helpers (is_admin,
// supervised_agent_ids, own_profile_unchanged) so none of them reads users under RLS (the source's
// policies on users recurse). Staff are permanent users: every write policy is paired with a
// restrictive one refusing anonymous sign-ins (modules/policies.ts anonymousGuards).
import { CALLER, ownRows } from "../policies";
import type { Command, PolicySpec } from "../spec";
import { defineModule } from "../define";
import { moduleSqlDir } from "../files";

const me = CALLER;

/** The module's policies, naming its objects in schema `s`. */
function policies(s: string): PolicySpec[] {
  const admin = `(SELECT ${s}.is_admin())`;
  const myAgents = `agent_id = ANY (ARRAY(SELECT ${s}.supervised_agent_ids()))`;
  const myInteractions = `interaction_id IN (SELECT i.id FROM ${s}.interactions i WHERE i.agent_id = ANY (ARRAY(SELECT ${s}.supervised_agent_ids())))`;

  const usersPolicies: PolicySpec[] = [
    { table: "users", name: "users read themselves, admins everyone", command: "SELECT", roles: ["authenticated"], using: `id = ${me} OR ${admin}` },
    { table: "users", name: "admins add users", command: "INSERT", roles: ["authenticated"], withCheck: admin },
    {
      table: "users",
      name: "users change their own profile, admins everyone",
      command: "UPDATE",
      roles: ["authenticated"],
      using: `id = ${me} OR ${admin}`,
      // A supervisor keeps their role, supervisor_type and email (the stored row's, read by a
      // SECURITY DEFINER helper): only admins change what other rules trust.
      withCheck: `${admin} OR (id = ${me} AND ${s}.own_profile_unchanged(role, supervisor_type, email))`,
    },
    { table: "users", name: "admins remove users", command: "DELETE", roles: ["authenticated"], using: admin },
  ];

  /** Policies for the owning supervisor and admins (`commands`), and for admins alone (`adminOnly`). */
  function scoped(table: string, own: string, commands: Command[], adminOnly: Command[] = []): PolicySpec[] {
    const named = (commands: Command[], who: string) => Object.fromEntries(commands.map((c) => [c, `${who} ${c.toLowerCase()}`]));
    return [...ownRows(table, `${own} OR ${admin}`, named(commands, "supervisors and admins")), ...ownRows(table, admin, named(adminOnly, "admins"))];
  }

  return [
    ...usersPolicies,
    // A supervisor's own agents; creating one needs a supervisor profile (not just a signed-in user).
    ...scoped("agents", `supervisor_id = ${me}`, ["SELECT", "UPDATE"]),
    // A supervisor removes an agent that never took an interaction; one with history (archives the
    // admins' reports and the leaderboard rest on) only an admin removes.
    {
      table: "agents",
      name: "supervisors delete unused agents, admins any",
      command: "DELETE",
      roles: ["authenticated"],
      using: `(supervisor_id = ${me} AND NOT EXISTS (SELECT 1 FROM ${s}.interactions i WHERE i.agent_id = agents.id)) OR ${admin}`,
    },
    { table: "agents", name: "supervisors and admins insert", command: "INSERT", roles: ["authenticated"], withCheck: `(supervisor_id = ${me} AND (SELECT ${s}.is_supervisor())) OR ${admin}` },
    ...scoped("interactions", myAgents, ["SELECT"], ["DELETE"]),
    ...scoped("interaction_archives", myInteractions, ["SELECT"]),
    ...scoped("realtime_metrics", myInteractions, ["SELECT"]),
    ...scoped("tool_permissions", myInteractions, ["SELECT", "UPDATE"]),
    ...scoped("agent_tools", myAgents, ["SELECT", "INSERT", "UPDATE", "DELETE"]),
  ];
}

export const contactCenter = defineModule({
  name: "contact_center",
  sql: moduleSqlDir("contact_center"),
  description: "Contact center: admins, supervisors, AI agents, interactions, archives, realtime metrics, tool permissions",
  // Column-level writes (issue 11): ids and times are the server's (defaults; updated_at and
  // responded_at may be sent, as clients often do, and are overwritten from the clock); who answered a
  // tool permission request is stamped from auth.uid(); role, supervisor_type and email are written by
  // admins only (the users UPDATE policy's WITH CHECK stops a supervisor changing their own).
  tables: [
    {
      name: "users",
      grants: { authenticated: ["SELECT", "DELETE"] },
      columns: { authenticated: { INSERT: ["id", "email", "role", "name", "username", "supervisor_type"], UPDATE: ["email", "role", "name", "username", "supervisor_type", "updated_at"] } },
    },
    {
      name: "agents",
      grants: { authenticated: ["SELECT", "DELETE"] },
      columns: {
        authenticated: {
          INSERT: ["supervisor_id", "name", "agent_type", "system_prompt", "mcp_tools", "status"],
          UPDATE: ["supervisor_id", "name", "system_prompt", "mcp_tools", "status", "updated_at"],
        },
      },
    },
    { name: "interactions", grants: { authenticated: ["SELECT", "DELETE"] } },
    { name: "interaction_archives", grants: { authenticated: ["SELECT"] } },
    { name: "realtime_metrics", grants: { authenticated: ["SELECT"] } },
    // responded_at may be sent with an answer (as clients do) but is stamped with now() by the trigger.
    { name: "tool_permissions", grants: { authenticated: ["SELECT"] }, columns: { authenticated: { UPDATE: ["status", "supervisor_response", "responded_at"] } } },
    {
      name: "agent_tools",
      grants: { authenticated: ["SELECT", "DELETE"] },
      columns: { authenticated: { INSERT: ["agent_id", "tool_name", "tool_config", "requires_permission"], UPDATE: ["tool_name", "tool_config", "requires_permission"] } },
    },
  ],
  policies,
  // The source's two analytics views, column for column (security_invoker: each caller sees the
  // figures of the rows RLS shows them).
  views: (s) => [
    {
      name: "supervisor_performance",
      definition: `SELECT u.id AS supervisor_id,
       u.name AS supervisor_name,
       u.supervisor_type,
       count(DISTINCT a.id) AS total_agents,
       count(DISTINCT i.id) AS total_interactions,
       count(DISTINCT CASE WHEN i.status = 'active' THEN i.id END) AS active_interactions,
       avg(ia.csat_score) AS avg_csat,
       avg(ia.resolution_time_seconds) AS avg_resolution_time,
       count(CASE WHEN ia.fcr_status = true THEN 1 END)::double precision / NULLIF(count(ia.id), 0)::double precision * 100 AS fcr_percentage
  FROM ${s}.users u
  LEFT JOIN ${s}.agents a ON u.id = a.supervisor_id
  LEFT JOIN ${s}.interactions i ON a.id = i.agent_id
  LEFT JOIN ${s}.interaction_archives ia ON i.id = ia.interaction_id
 WHERE u.role = 'supervisor'
 GROUP BY u.id, u.name, u.supervisor_type`,
      grants: { authenticated: ["SELECT"] },
    },
    {
      name: "agent_performance",
      definition: `SELECT a.id AS agent_id,
       a.name AS agent_name,
       a.supervisor_id,
       a.status,
       count(i.id) AS total_interactions,
       avg(ia.csat_score) AS avg_csat,
       avg(i.duration_seconds) AS avg_handle_time,
       count(CASE WHEN ia.fcr_status = true THEN 1 END)::double precision / NULLIF(count(ia.id), 0)::double precision * 100 AS fcr_percentage
  FROM ${s}.agents a
  LEFT JOIN ${s}.interactions i ON a.id = i.agent_id AND i.status = 'completed'
  LEFT JOIN ${s}.interaction_archives ia ON i.id = ia.interaction_id
 GROUP BY a.id, a.name, a.supervisor_id, a.status`,
      grants: { authenticated: ["SELECT"] },
    },
  ],
  functions: [
    // Helpers the policies and triggers call as the signed-in user.
    { signature: "api_caller()", grants: ["authenticated"] },
    { signature: "is_admin()", grants: ["authenticated"] },
    { signature: "is_supervisor()", grants: ["authenticated"] },
    { signature: "supervised_agent_ids()", grants: ["authenticated"] },
    { signature: "own_profile_unchanged(text, text, text)", grants: ["authenticated"] },
    // The source's functions: the score for dashboards/leaderboards; cleanup is a backend job.
    { signature: "calculate_performance_score(uuid, character varying)", grants: ["authenticated"] },
    { signature: "cleanup_old_archives(integer)", grants: [] },
    { signature: "expire_tool_permissions()", grants: [] },
  ],
  // realtime_metrics.id is BIGSERIAL: only service_role inserts metrics.
  sequences: [{ name: "realtime_metrics_id_seq", grants: [] }],
  // The generator and its data load only when the module is seeded, never in the Pulumi program.
  generator: (target) => import("./seed.js").then((m) => m.contactCenterSeeder(target)),
});
