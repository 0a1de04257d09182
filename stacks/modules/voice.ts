// voice: logistics voice agent. A dispatcher (authenticated) manages the configurations and calls
// they created and reads the results of their calls; results are written by the service.
import type { ModuleSpec } from "./spec";

const own = "created_by = (SELECT auth.uid())";
const ownCall = "test_call_id IN (SELECT c.id FROM voice.test_calls c WHERE c.created_by = (SELECT auth.uid()))";

export const voiceModule: ModuleSpec = {
  name: "voice",
  schema: "voice",
  description: "Logistics voice agent: agent configurations, test calls to drivers, call results",
  tables: [
    { name: "agent_configurations", grants: { authenticated: ["SELECT", "INSERT", "UPDATE", "DELETE"] } },
    { name: "test_calls", grants: { authenticated: ["SELECT", "INSERT", "UPDATE", "DELETE"] } },
    { name: "call_results", grants: { authenticated: ["SELECT"] } },
  ],
  policies: [
    { table: "agent_configurations", name: "creators read their configurations", command: "SELECT", roles: ["authenticated"], using: own },
    { table: "agent_configurations", name: "creators add configurations", command: "INSERT", roles: ["authenticated"], withCheck: own },
    { table: "agent_configurations", name: "creators change their configurations", command: "UPDATE", roles: ["authenticated"], using: own, withCheck: own },
    { table: "agent_configurations", name: "creators delete their configurations", command: "DELETE", roles: ["authenticated"], using: own },
    { table: "test_calls", name: "creators read their calls", command: "SELECT", roles: ["authenticated"], using: own },
    {
      table: "test_calls",
      name: "creators place calls with their configurations",
      command: "INSERT",
      roles: ["authenticated"],
      withCheck: `${own} AND configuration_id IN (SELECT a.id FROM voice.agent_configurations a WHERE a.created_by = (SELECT auth.uid()))`,
    },
    { table: "test_calls", name: "creators change their calls", command: "UPDATE", roles: ["authenticated"], using: own, withCheck: own },
    { table: "test_calls", name: "creators delete their calls", command: "DELETE", roles: ["authenticated"], using: own },
    { table: "call_results", name: "creators read results of their calls", command: "SELECT", roles: ["authenticated"], using: ownCall },
  ],
  views: [],
  functions: [],
};
