// `supastack verify` as a library: inspect the live database, apply the rules, report.
import { withClient } from "../providers/postgres/client";
import { resolveModule } from "../modules/catalog";
import type { ModuleSpec } from "../modules/spec";
import { inspect } from "./inspect";
import { type Finding, findings } from "./rules";
import { shapeFindings } from "./shape";

export interface VerifyResult {
  modules: string[];
  findings: Finding[];
  checked: { tables: number; policies: number; views: number; functions: number; foreignKeys: number };
}

/** Checks `modules` (ours by name, or any module's spec, e.g. a user's module object). */
export async function verifyDatabase(url: string, modules: readonly (string | ModuleSpec)[]): Promise<VerifyResult> {
  const specs = modules.map((m) => (typeof m === "string" ? resolveModule(m) : m));
  const { catalog, shape } = await withClient(url, async (client) => ({ catalog: await inspect(client, specs), shape: await shapeFindings(client, specs) }));
  return {
    modules: specs.map((s) => s.name),
    findings: [...findings(catalog, specs), ...shape],
    checked: {
      tables: catalog.tables.length,
      policies: catalog.policies.length,
      views: catalog.views.length,
      functions: catalog.functions.length,
      foreignKeys: catalog.foreignKeys.length,
    },
  };
}

/** The report a person reads: findings grouped by rule, each with its fix, and a closing line. */
export function formatReport(result: VerifyResult, target: string): string {
  const c = result.checked;
  const checked = `${c.tables} tables, ${c.policies} policies, ${c.views} views, ${c.functions} functions, ${c.foreignKeys} foreign keys in ${result.modules.join(", ")}`;
  if (result.findings.length === 0) return `verify ${target}: clean (${checked})`;
  const lines = [`verify ${target}: ${result.findings.length} finding(s) (${checked})`];
  const byRule = new Map<string, Finding[]>();
  for (const f of result.findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  for (const [rule, list] of byRule) {
    lines.push("", `${rule} (${list.length})`);
    for (const f of list) lines.push(`  ✗ ${f.object}: ${f.problem}`, `      fix: ${f.fix}`);
  }
  return lines.join("\n");
}
