import { describe, expect, it } from "vitest";
import { builtinModule } from "./catalog";
import { moduleFiles } from "./define";
import { sharingProblems, sqlObjects } from "./objects";

const objectsOf = async (name: Parameters<typeof builtinModule>[0]) => {
  const m = builtinModule(name);
  return { name, objects: await sqlObjects(await moduleFiles(m)), views: m.views.map((v) => v.name) };
};

describe("what a module's files create, from their parse trees", () => {
  it("lists tables with their columns in order, types (also those a DO block guards), views and functions", async () => {
    const jobs = (await objectsOf("jobs")).objects;
    expect([...jobs.tables.keys()]).toEqual(["jobs"]);
    expect(jobs.tables.get("jobs")?.map((c) => c.name)).toEqual(["id", "user_id", "agent_identifier", "status", "job_data", "result", "error_message", "created_at", "updated_at", "started_at", "completed_at"]);
    const metrics = (await objectsOf("contact_center")).objects.tables.get("realtime_metrics");
    expect(metrics?.filter((c) => c.filled).map((c) => c.name)).toEqual(["id"]);
    expect([...jobs.types]).toEqual(["job_status"]);
    expect([...jobs.functions.keys()].sort()).toEqual(["follow_status", "get_job_stats", "set_updated_at"]);
  });
  it("refuses modules whose tables, types or differing functions collide in one schema, and lets a shared helper be", async () => {
    const [support, agentflow, contact, jobs, voice] = await Promise.all((["support", "agentflow", "contact_center", "jobs", "voice"] as const).map(objectsOf));
    expect(sharingProblems("public", [jobs!, agentflow!])).toEqual([]);
    expect(sharingProblems("public", [support!, agentflow!])).toEqual(["modules support and agentflow cannot share schema public: both have tables or views named conversations, messages"]);
    expect(sharingProblems("app", [contact!, agentflow!])).toEqual(["modules contact_center and agentflow cannot share schema app: both define function is_admin, differently"]);
    expect(sharingProblems("app", [support!, voice!])).toEqual(["modules support and voice cannot share schema app: both define function keep_id, differently"]);
  });
});
