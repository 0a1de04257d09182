// THE RLS ACCESS MATRIX: for every table of every module, what each actor may do to one row that
// belongs to the owner, as PostgREST would run it (role + JWT claims). Letters are allowed
// operations: S select the row, I insert it (re-create it), U update it, D delete it; "-" denied.
//
//   anon          no JWT
//   owner         the user the row belongs to (in contact_center: the supervisor of the row's agent)
//   other         another signed-in user with rows of their own in support and agentflow
//   supervisor    a contact_center supervisor of other agents (of the same type)
//   admin         a contact_center admin
//   service_role  the server-side key
//
// A table missing here fails the test: add its row when you add the table.
export const ACTORS = ["anon", "owner", "other", "supervisor", "admin", "service_role"] as const;
export type ActorName = (typeof ACTORS)[number];
export const OPERATIONS = ["S", "I", "U", "D"] as const;
export type Operation = (typeof OPERATIONS)[number];

type Row = Record<ActorName, string>;
const none = "----";
const all = "SIUD";
/** The row's owner may do `owner`; nobody else but service_role may do anything. */
const ownerOnly = (owner: string): Row => ({ anon: none, owner, other: none, supervisor: none, admin: none, service_role: all });
/** contact_center: the owning supervisor and admins may do `scoped`. */
const supervised = (scoped: string): Row => ({ anon: none, owner: scoped, other: none, supervisor: none, admin: scoped, service_role: all });

export const MATRIX: Record<string, Row> = {
  "support.users": ownerOnly("SIU-"),
  "support.conversations": ownerOnly("SIUD"),
  "support.messages": ownerOnly("SI--"),
  "support.escalations": ownerOnly("SI--"),

  "jobs.jobs": ownerOnly("SIUD"),

  "voice.agent_configurations": ownerOnly("SIUD"),
  "voice.test_calls": ownerOnly("SIUD"),
  "voice.call_results": ownerOnly("S---"),

  "agentflow.profiles": ownerOnly("SIU-"),
  "agentflow.conversations": ownerOnly("SIUD"),
  "agentflow.messages": ownerOnly("SI--"),
  "agentflow.leads": ownerOnly("S-U-"),
  "agentflow.workflow_executions": ownerOnly("S---"),
  "agentflow.agent_messages": ownerOnly("S---"),
  "agentflow.shared_memory": ownerOnly("S---"),

  // A supervisor reads their own users row; only admins manage users.
  "contact_center.users": { anon: none, owner: "S---", other: none, supervisor: none, admin: all, service_role: all },
  "contact_center.agents": supervised("SIUD"),
  "contact_center.interactions": supervised("SIU-"),
  "contact_center.interaction_archives": supervised("SI--"),
  "contact_center.realtime_metrics": supervised("S---"),
  "contact_center.tool_permissions": supervised("S-U-"),
  "contact_center.agent_tools": supervised("SIUD"),
};
