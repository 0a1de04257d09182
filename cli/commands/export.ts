// `supastack export supabase <dir> [-s stack]`: the stack's database as a Supabase CLI project
// (automation/export/): supabase/config.toml, supabase/migrations/<version>_<modules>.sql and
// supabase/seed.sql, so `supabase db push --db-url <url> --include-seed` builds the same database.
import path from "node:path";
import { Command } from "commander";
import { exportSupabaseProject } from "../../automation/export/export";
import { resolveTarget } from "../target";

export function exportCommand(): Command {
  const exp = new Command("export").description("write a stack's database in another tool's format");
  exp
    .command("supabase <dir>")
    .description("write the stack as a Supabase CLI project: config.toml, a migration per module schema, seed.sql with its rows")
    .option("-s, --stack <name>", "the stack to export (default dev)")
    .action(async (dir: string, opts: { stack?: string }) => {
      const stack = opts.stack ?? "dev";
      const target = await resolveTarget({ stack });
      const modules = (target.modules ?? []).map((m) => ({ name: m.name, schema: m.schema }));
      if (modules.length === 0) throw new Error(`stack ${stack} lists no modules in its outputs; run 'supastack up --stack ${stack}' first`);
      const out = path.resolve(dir);
      const summary = await exportSupabaseProject(target.url, modules, out, { projectId: stack, log: (line) => console.error(line) });
      const lines = [
        `exported ${target.label} to ${out}/supabase:`,
        "  config.toml",
        ...summary.migrations.map((m) => `  ${m.file.replace(/^supabase\//, "")} (${m.modules.join(", ")}, ${Math.ceil(m.bytes / 1024)} KiB)`),
        `  seed.sql (${summary.seed.inserts} INSERT statements, ${Math.ceil(summary.seed.bytes / 1024)} KiB)`,
        `then: cd ${dir} && supabase db push --db-url <url> --include-seed`,
      ];
      console.log(lines.join("\n"));
    });
  return exp;
}
