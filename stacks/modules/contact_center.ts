// contact_center: admins see and manage everything; a supervisor sees and manages only their own
// agents and those agents' interactions, archives, metrics, tool permissions and tools. Policies
// call SECURITY DEFINER helpers (is_admin, supervised_agent_ids) so none of them recurses.
import type { ModuleSpec, PolicySpec } from "./spec";

const admin = "(SELECT contact_center.is_admin())";
const myAgents = "agent_id = ANY (ARRAY(SELECT contact_center.supervised_agent_ids()))";
const usersPolicies: PolicySpec[] = [
  { table: "users", name: "users read themselves, admins everyone", command: "SELECT", roles: ["authenticated"], using: `id = (SELECT auth.uid()) OR ${admin}` },
  { table: "users", name: "admins add users", command: "INSERT", roles: ["authenticated"], withCheck: admin },
  { table: "users", name: "admins change users", command: "UPDATE", roles: ["authenticated"], using: admin, withCheck: admin },
  { table: "users", name: "admins remove users", command: "DELETE", roles: ["authenticated"], using: admin },
];
const myInteractions = `interaction_id IN (SELECT i.id FROM contact_center.interactions i WHERE i.agent_id = ANY (ARRAY(SELECT contact_center.supervised_agent_ids())))`;

/** Read and write for a supervisor's own rows, everything for admins. */
function scoped(table: string, own: string, commands: PolicySpec["command"][]): PolicySpec[] {
  return commands.map((command) => ({
    table,
    name: `supervisors and admins ${command.toLowerCase()}`,
    command,
    roles: ["authenticated"],
    ...(command === "INSERT" ? {} : { using: `${own} OR ${admin}` }),
    ...(command === "SELECT" || command === "DELETE" ? {} : { withCheck: `${own} OR ${admin}` }),
  }));
}

export const contactCenterModule: ModuleSpec = {
  name: "contact_center",
  schema: "contact_center",
  description: "Contact center: admins, supervisors, AI agents, interactions, archives, realtime metrics, tool permissions",
  tables: [
    { name: "users", grants: { authenticated: ["SELECT", "INSERT", "UPDATE", "DELETE"] } },
    { name: "agents", grants: { authenticated: ["SELECT", "INSERT", "UPDATE", "DELETE"] } },
    { name: "interactions", grants: { authenticated: ["SELECT", "INSERT", "UPDATE"] } },
    { name: "interaction_archives", grants: { authenticated: ["SELECT", "INSERT"] } },
    { name: "realtime_metrics", grants: { authenticated: ["SELECT"] } },
    { name: "tool_permissions", grants: { authenticated: ["SELECT", "UPDATE"] } },
    { name: "agent_tools", grants: { authenticated: ["SELECT", "INSERT", "UPDATE", "DELETE"] } },
  ],
  policies: [
    ...usersPolicies,
    ...scoped("agents", "supervisor_id = (SELECT auth.uid())", ["SELECT", "INSERT", "UPDATE", "DELETE"]),
    ...scoped("interactions", myAgents, ["SELECT", "INSERT", "UPDATE"]),
    ...scoped("interaction_archives", myInteractions, ["SELECT", "INSERT"]),
    ...scoped("realtime_metrics", myInteractions, ["SELECT"]),
    ...scoped("tool_permissions", myAgents, ["SELECT", "UPDATE"]),
    ...scoped("agent_tools", myAgents, ["SELECT", "INSERT", "UPDATE", "DELETE"]),
  ],
  views: [
    {
      name: "agent_performance",
      definition: `SELECT a.id AS agent_id, a.name, a.agent_type, a.supervisor_id, a.status,
       count(i.id) AS interactions,
       count(i.id) FILTER (WHERE i.status = 'completed') AS completed,
       round(avg(ar.csat), 1) AS avg_csat,
       round(100.0 * avg(CASE WHEN ar.first_contact_resolved THEN 1 ELSE 0 END), 1) AS fcr_rate,
       round(avg(EXTRACT(epoch FROM i.ended_at - i.started_at)), 1) AS avg_handle_seconds
  FROM contact_center.agents a
  LEFT JOIN contact_center.interactions i ON i.agent_id = a.id
  LEFT JOIN contact_center.interaction_archives ar ON ar.interaction_id = i.id
 GROUP BY a.id`,
      grants: { authenticated: ["SELECT"] },
    },
    {
      name: "supervisor_performance",
      definition: `SELECT u.id AS supervisor_id, u.username, u.full_name, u.supervisor_type,
       count(DISTINCT a.id) AS agents,
       count(i.id) AS interactions,
       round(avg(ar.csat), 1) AS avg_csat,
       round(100.0 * avg(CASE WHEN ar.first_contact_resolved THEN 1 ELSE 0 END), 1) AS fcr_rate
  FROM contact_center.users u
  LEFT JOIN contact_center.agents a ON a.supervisor_id = u.id
  LEFT JOIN contact_center.interactions i ON i.agent_id = a.id
  LEFT JOIN contact_center.interaction_archives ar ON ar.interaction_id = i.id
 WHERE u.role = 'supervisor'
 GROUP BY u.id`,
      grants: { authenticated: ["SELECT"] },
    },
  ],
  functions: [
    { signature: "is_admin()", grants: ["authenticated"] },
    { signature: "supervised_agent_ids()", grants: ["authenticated"] },
    { signature: "calculate_performance_score(uuid)", grants: ["authenticated"] },
    { signature: "cleanup_old_archives(integer)", grants: [] },
  ],
};
