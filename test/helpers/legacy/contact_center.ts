// contact_center.md's application as it ran: 3 admins and 27 supervisors (users), 2 agents per
// supervisor of the supervisor's type, 200 interactions, an archive per finished interaction,
// realtime metrics, tool permission requests and agent tools. Its rows satisfy the document's own
// CHECKs; 11 break the module's additions: 2 profiles without an auth user (created by SQL like the
// document's "Sample Data", uuid_generate_v4(): users_id_fkey), 2 agents busy on the other kind of
// work (agents_busy_matches_type), 3 completed interactions never given an end
// (interactions_end_matches_status), 1 with a negative duration (interactions_duration_nonnegative),
// 2 answered requests that do not match their response (a timeout without its time, an "allowed"
// answered "denied": tool_permissions_response_matches_status) and 1 allowed after the 6-minute
// window (tool_permissions_answered_in_window).
import { daysAgo, iso, legacyRng, MINUTE, SECOND, token, type LegacyGenerator } from "./types";
import { legacyUsers } from "./people";

const TOOLS = ["get_customer_details", "check_account_status", "issue_refund", "reset_password", "schedule_callback"] as const;
const TAGS = ["payment_failed", "account_locked", "billing_question", "shipping_delay"] as const;

export const generate: LegacyGenerator = (seed) => {
  const rng = legacyRng("contact_center", seed);
  const people = legacyUsers(rng, seed, "contact_center", 30);
  // Users 0 and 15 were inserted by SQL with a fresh uuid: no auth user behind them.
  const orphans = new Set([0, 15]);
  const users = people.map((p, i) => {
    const admin = i < 3;
    return {
      id: orphans.has(i) ? rng.uuid() : p.id,
      email: p.email,
      role: admin ? "admin" : "supervisor",
      name: p.fullName,
      username: admin ? null : `${p.email.split("@")[0]!.replace(/[^a-z0-9]/g, "")}`,
      supervisor_type: admin ? null : i % 2 === 0 ? "voice" : "chat",
      created_at: iso(p.createdMs),
      updated_at: iso(p.createdMs + rng.int(0, 60) * MINUTE),
    };
  });
  const supervisors = users.filter((u) => u.role === "supervisor");
  let agentIndex = 0;
  const agents = supervisors.flatMap((s) =>
    [1, 2].map((n) => {
      const type = s.supervisor_type as "voice" | "chat";
      const i = agentIndex++;
      const busy = type === "voice" ? "in_call" : "in_chat";
      const wrong = type === "voice" ? "in_chat" : "in_call";
      const created = Date.parse(s.created_at) + rng.int(1, 20) * 86_400 * SECOND;
      return {
        id: rng.uuid(),
        supervisor_id: s.id,
        name: `${s.name.split(" ")[0]}'s ${type} agent ${n}`,
        agent_type: type,
        system_prompt: "You are a helpful customer service agent...",
        mcp_tools: { tools: [{ name: rng.pick(TOOLS), requires_permission: rng.bool() }] },
        status: i === 7 || i === 33 ? wrong : rng.weighted([["idle", 5], [busy, 3], ["paused", 1]] as const),
        created_at: iso(created),
        updated_at: iso(created + rng.int(0, 60) * MINUTE),
      };
    }),
  );
  const interactions = Array.from({ length: 200 }, (_, i) => {
    const agent = rng.pick(agents);
    const started = daysAgo(rng, 0, 60);
    const drawn = i % 25 === 0 ? "active" : rng.weighted([["completed", 9], ["failed", 1]] as const);
    // 11, 77, 143: completed but never given an end; 151: completed with a negative duration.
    const noEnd = i === 11 || i === 77 || i === 143;
    const status = noEnd || i === 151 ? "completed" : drawn;
    const duration = rng.int(30, 1800);
    const ended = status === "active" || noEnd ? null : started + duration * SECOND;
    return {
      id: rng.uuid(),
      agent_id: agent.id,
      phone_number: `+1555010${String(i % 100).padStart(2, "0")}`,
      interaction_type: agent.agent_type,
      livekit_room_id: `room_${token(rng, 12)}`,
      status,
      started_at: iso(started),
      ended_at: ended === null ? null : iso(ended),
      duration_seconds: ended === null ? null : i === 151 ? -5 : duration,
      created_at: iso(started),
    };
  });
  const finished = interactions.filter((x) => x.status === "completed" && x.ended_at !== null);
  const archives = finished.map((x) => {
    const tag = rng.pick(TAGS);
    return {
      id: rng.uuid(),
      interaction_id: x.id,
      summary: `Customer called about ${tag.replace(/_/g, " ")}; the agent resolved it.`,
      issues: [{ issue: tag.replace(/_/g, " "), status: "resolved", priority: rng.pick(["high", "medium", "low"]) }],
      tags: { topics: ["billing"], sentiment: rng.pick(["neutral", "positive", "negative"]), issues: [{ tag, status: "resolved" }] },
      csat_score: rng.int(40, 100),
      resolution_time_seconds: Math.max(0, x.duration_seconds ?? 0),
      fcr_status: rng.bool(0.8),
      created_at: x.ended_at,
    };
  });
  const metrics = Array.from({ length: 300 }, () => {
    const x = rng.pick(interactions);
    const at = Date.parse(x.started_at) + rng.int(0, 120) * 5 * SECOND;
    return {
      interaction_id: x.id,
      timestamp: iso(at),
      sentiment: rng.weighted([["good", 5], ["neutral", 4], ["critical", 1]] as const),
      satisfaction_score: rng.int(0, 100),
      feed_text: "Customer is explaining the issue.",
      created_at: iso(at),
    };
  });
  const permissions = Array.from({ length: 60 }, (_, i) => {
    const x = rng.pick(interactions);
    const requested = Date.parse(x.started_at) + rng.int(10, 300) * SECOND;
    let status: string = rng.weighted([["pending", 2], ["allowed", 5], ["denied", 2], ["timeout", 1]] as const);
    if (i === 12 || i === 40 || i === 51) status = i === 12 ? "timeout" : "allowed";
    const answered = status === "timeout" ? requested + 6 * MINUTE : requested + rng.int(5, 300) * SECOND;
    return {
      id: rng.uuid(),
      interaction_id: x.id,
      tool_name: rng.pick(TOOLS),
      tool_description: "Fetch customer account information",
      requested_at: iso(requested),
      // 12: a timeout recorded without its time; 40: allowed though the response says denied; 51: allowed after 8 minutes.
      supervisor_response: status === "pending" ? null : i === 40 ? "denied" : status,
      responded_at: status === "pending" || i === 12 ? null : iso(i === 51 ? requested + 8 * MINUTE : answered),
      status,
      created_at: iso(requested),
    };
  });
  const tools = agents.flatMap((a, i) =>
    TOOLS.slice(0, 1 + (i % 2)).map((name) => ({
      id: rng.uuid(),
      agent_id: a.id,
      tool_name: name,
      tool_config: { endpoint: `https://api.example.com/${name}`, method: "POST", auth_type: "bearer", params: { timeout: 30, retry_count: 3 } },
      requires_permission: name === "issue_refund" || name === "get_customer_details",
      created_at: a.created_at,
    })),
  );
  return {
    users: people.filter((_, i) => !orphans.has(i)),
    tables: [
      { table: "users", rows: users },
      { table: "agents", rows: agents },
      { table: "interactions", rows: interactions },
      { table: "interaction_archives", rows: archives },
      { table: "realtime_metrics", rows: metrics },
      { table: "tool_permissions", rows: permissions },
      { table: "agent_tools", rows: tools },
    ],
  };
};
