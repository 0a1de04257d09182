// agentflow: multi-agent platform. A user sees their own profile and conversations (with the
// messages, workflow executions, agent messages and shared memory under them) and the leads
// assigned to them. Agents write through the service role.
import type { ModuleSpec } from "./spec";

const me = "(SELECT auth.uid())";
const ownConversation = `conversation_id IN (SELECT c.id FROM agentflow.conversations c WHERE c.profile_id = ${me})`;

export const agentflowModule: ModuleSpec = {
  name: "agentflow",
  schema: "agentflow",
  description: "Multi-agent platform: profiles, threaded conversations, leads, workflow executions, shared memory",
  tables: [
    { name: "profiles", grants: { authenticated: ["SELECT", "INSERT", "UPDATE"] } },
    { name: "conversations", grants: { authenticated: ["SELECT", "INSERT", "UPDATE", "DELETE"] } },
    { name: "messages", grants: { authenticated: ["SELECT", "INSERT"] } },
    { name: "leads", grants: { authenticated: ["SELECT", "UPDATE"] } },
    { name: "workflow_executions", grants: { authenticated: ["SELECT"] } },
    { name: "agent_messages", grants: { authenticated: ["SELECT"] } },
    { name: "shared_memory", grants: { authenticated: ["SELECT"] } },
  ],
  policies: [
    { table: "profiles", name: "users read their profile", command: "SELECT", roles: ["authenticated"], using: `id = ${me}` },
    { table: "profiles", name: "users create their profile", command: "INSERT", roles: ["authenticated"], withCheck: `id = ${me}` },
    { table: "profiles", name: "users update their profile", command: "UPDATE", roles: ["authenticated"], using: `id = ${me}`, withCheck: `id = ${me}` },
    {
      table: "conversations",
      name: "users manage their conversations",
      command: "ALL",
      roles: ["authenticated"],
      using: `profile_id = ${me}`,
      withCheck: `profile_id = ${me}`,
    },
    { table: "messages", name: "users read their conversations' messages", command: "SELECT", roles: ["authenticated"], using: ownConversation },
    {
      table: "messages",
      name: "users write in their conversations",
      command: "INSERT",
      roles: ["authenticated"],
      withCheck: `sender_type = 'user' AND ${ownConversation}`,
    },
    { table: "leads", name: "users read leads assigned to them", command: "SELECT", roles: ["authenticated"], using: `assigned_to = ${me}` },
    {
      table: "leads",
      name: "users work leads assigned to them",
      command: "UPDATE",
      roles: ["authenticated"],
      using: `assigned_to = ${me}`,
      withCheck: `assigned_to = ${me}`,
    },
    { table: "workflow_executions", name: "users read their workflow executions", command: "SELECT", roles: ["authenticated"], using: ownConversation },
    {
      table: "agent_messages",
      name: "users read agent messages of their workflows",
      command: "SELECT",
      roles: ["authenticated"],
      using: `workflow_execution_id IN (SELECT w.id FROM agentflow.workflow_executions w JOIN agentflow.conversations c ON c.id = w.conversation_id WHERE c.profile_id = ${me})`,
    },
    { table: "shared_memory", name: "users read their shared memory", command: "SELECT", roles: ["authenticated"], using: ownConversation },
  ],
  views: [],
  functions: [],
};
