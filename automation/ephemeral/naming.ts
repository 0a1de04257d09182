// Pure rules for ephemeral stacks: their names, their databases, their tags and their age.
import crypto from "node:crypto";

const EPHEMERAL_PREFIX = "ephemeral-";
/** Tags every ephemeral stack carries; `gc` trusts the tag, never the name alone. */
export const TAG_EPHEMERAL = "supastack:ephemeral";
export const TAG_CREATED_AT = "supastack:created-at";

/** The CI run that started us, from the variables the common CI systems set. */
export function ciRunId(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.GITHUB_RUN_ID) return `gh${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? "1"}`;
  if (env.CI_PIPELINE_ID) return `gl${env.CI_JOB_ID ?? env.CI_PIPELINE_ID}`;
  if (env.BUILDKITE_BUILD_NUMBER) return `bk${env.BUILDKITE_BUILD_NUMBER}-${env.BUILDKITE_PARALLEL_JOB ?? "0"}`;
  if (env.CIRCLE_WORKFLOW_ID) return `cc${env.CIRCLE_BUILD_NUM ?? env.CIRCLE_WORKFLOW_ID.slice(0, 8)}`;
  return undefined;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;

function nameProblem(name: string): string | undefined {
  return NAME.test(name) ? undefined : `--name must be 1-40 lowercase letters, digits or dashes, starting with a letter or digit (got ${JSON.stringify(name)})`;
}

/**
 * The stack's name: `ephemeral-<name>` for --name; else the CI run id; else random. A run id alone
 * is shared by a workflow's parallel jobs, so it gets a short random suffix too.
 */
export function ephemeralStackName(options: { name?: string; env?: NodeJS.ProcessEnv; random?: () => string } = {}): string {
  const random = options.random ?? (() => crypto.randomBytes(3).toString("hex"));
  if (options.name !== undefined) {
    const problem = nameProblem(options.name);
    if (problem) throw new Error(problem);
    return `${EPHEMERAL_PREFIX}${options.name}`;
  }
  const run = ciRunId(options.env ?? process.env);
  return `${EPHEMERAL_PREFIX}${run ? `${run.toLowerCase().replace(/[^a-z0-9-]/g, "-")}-` : ""}${random()}`;
}

/** The stack's own database on the local server. */
export function ephemeralDatabaseName(stackName: string): string {
  return stackName.replace(/-/g, "_").slice(0, 63);
}

/** "90s", "30m", "2h", "7d" -> milliseconds. */
export function parseDuration(text: string, flag = "--older-than"): number {
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/.exec(text.trim());
  if (!match) throw new Error(`${flag} must be a number with a unit s, m, h or d, like 2h or 30m (got ${JSON.stringify(text)})`);
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as "s" | "m" | "h" | "d"];
  return Number(match[1]) * unit;
}

export interface StackInfo {
  name: string;
  tags: Record<string, string>;
  lastUpdate?: string;
}

export interface GcDecision {
  name: string;
  ageMs?: number;
  action: "destroy" | "keep-young" | "skip-not-ephemeral";
}

/** Which stacks gc destroys: tagged ephemeral and created longer ago than the limit. */
export function planGc(stacks: StackInfo[], olderThanMs: number, now: number): GcDecision[] {
  return stacks.map((s) => {
    if (s.tags[TAG_EPHEMERAL] !== "true") return { name: s.name, action: "skip-not-ephemeral" };
    const created = Date.parse(s.tags[TAG_CREATED_AT] ?? s.lastUpdate ?? "");
    // An ephemeral stack with no readable age is a leak from a run that died early: collect it.
    const ageMs = Number.isNaN(created) ? undefined : now - created;
    return { name: s.name, ageMs, action: ageMs === undefined || ageMs >= olderThanMs ? "destroy" : "keep-young" };
  });
}
