// SQL helpers defined once, for any module's migrations: a line `-- @helper name(arg, ...)` in a
// migration file stands for the helper's SQL, written in its place when the file is read (the
// text that is checksummed, parsed and applied is the expanded one, so a change to a helper is a
// change to every file that uses it, and an applied file cannot change under a stack).
//
// A helper creates its objects with CREATE OR REPLACE under one name per schema, and always the
// same text: two modules that share a schema and both use it converge on one definition, and the
// Migration records it for each of them (a file records the functions it creates or replaces), so
// removing one module leaves the helper in place for the other. Pure.

/** `set_updated_at(t1, t2)`: updated_at follows the clock on every update of each table, whoever makes it. */
function setUpdatedAt(tables: readonly string[]): string {
  return [
    `CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;
`,
    ...tables.map((t) => `CREATE OR REPLACE TRIGGER ${t}_set_updated_at BEFORE UPDATE ON ${t}\n  FOR EACH ROW EXECUTE FUNCTION set_updated_at();\n`),
    "REVOKE EXECUTE ON FUNCTION set_updated_at() FROM PUBLIC;\n",
  ].join("");
}

const HELPERS: Record<string, { args: string; render: (args: readonly string[]) => string }> = {
  set_updated_at: { args: "the tables whose updated_at the database keeps", render: setUpdatedAt },
};

const DIRECTIVE = /^--\s*@helper\s+(.*)$/;
const CALL = /^([a-z_][a-z0-9_]*)\(([^)]*)\)\s*$/;
const NAME = /^[a-z_][a-z0-9_]*$/;

/** Pure: a migration's text with every `-- @helper` line followed by its SQL; throws naming the file and line of a bad one. */
export function expandHelpers(sql: string, label: string): string {
  if (!sql.includes("@helper")) return sql;
  return sql
    .split("\n")
    .map((line, i) => {
      const directive = DIRECTIVE.exec(line.trim());
      if (!directive) return line;
      const where = `${label} (line ${i + 1})`;
      const call = CALL.exec((directive[1] ?? "").trim());
      if (!call) throw new Error(`${where}: a helper line is -- @helper name(arg, ...)`);
      const helper = HELPERS[call[1] as string];
      if (!helper) throw new Error(`${where}: no SQL helper ${call[1]}; there are ${Object.keys(HELPERS).join(", ")}`);
      const args = (call[2] ?? "").split(",").map((a) => a.trim()).filter(Boolean);
      const bad = args.filter((a) => !NAME.test(a));
      if (args.length === 0 || bad.length > 0) throw new Error(`${where}: ${call[1]} takes ${helper.args} (lower-case names)${bad.length ? `, not ${bad.join(", ")}` : ""}`);
      return `${line}\n${helper.render(args).replace(/\n$/, "")}`;
    })
    .join("\n");
}
