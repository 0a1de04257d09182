// The shape of a module's tables as the catalog holds it: plain, serialisable data (it is kept in
// the Migration's state), read by read.ts from a live schema or from the scratch schema the
// module's files were applied to (declared.ts), compared by diff.ts. Every name and expression is
// printed with search_path = pg_catalog, so it carries its schema (`jobs.job_status`,
// `auth.uid()`), and scratch names are mapped to the real schema before anything compares them.

export interface ColumnShape {
  name: string;
  /** format_type, schema-qualified when the type is not in pg_catalog: `jobs.job_status`, `text`. */
  type: string;
  /** pg_get_expr of the default, or null. */
  default: string | null;
  notNull: boolean;
  /** The generation expression of a GENERATED ... STORED column, or null. */
  generated: string | null;
  /** "always" | "by default" for an identity column, or null. */
  identity: "always" | "by default" | null;
}

export type ConstraintKind = "check" | "unique" | "primary key" | "foreign key" | "exclusion" | "not null";

export interface ConstraintShape {
  name: string;
  kind: ConstraintKind;
  /** pg_get_constraintdef: `CHECK ((length(btrim(agent_identifier)) > 0))`. */
  definition: string;
  /** false for a constraint added NOT VALID and never validated. */
  validated: boolean;
}

export interface IndexShape {
  name: string;
  /** pg_get_indexdef: `CREATE INDEX idx_jobs_status ON jobs.jobs USING btree (status)`. */
  definition: string;
}

export interface TriggerShape {
  name: string;
  /** pg_get_triggerdef: `CREATE TRIGGER ... ON jobs.jobs FOR EACH ROW EXECUTE FUNCTION jobs.f()`. */
  definition: string;
  /** pg_trigger.tgenabled: O (origin/local), D (disabled), R (replica), A (always). */
  enabled: "O" | "D" | "R" | "A";
}

export interface TableShape {
  schema: string;
  name: string;
  owner: string;
  columns: ColumnShape[];
  constraints: ConstraintShape[];
  /** Indexes that no constraint owns (a primary key's or a UNIQUE constraint's is its constraint's). */
  indexes: IndexShape[];
  triggers: TriggerShape[];
}

export interface EnumShape {
  schema: string;
  name: string;
  labels: string[];
}

export interface FunctionShape {
  schema: string;
  name: string;
  /** pg_get_function_identity_arguments. */
  args: string;
  /** md5 of what the function does: its source, language, result, volatility, strictness. */
  definitionHash: string;
  securityDefiner: boolean;
  /** The search_path it is declared with (proconfig), or null. */
  searchPath: string | null;
  owner: string;
  /** pg_get_functiondef: what repairs it (CREATE OR REPLACE FUNCTION ...). */
  definition: string;
}

export interface Shape {
  schema: string;
  tables: TableShape[];
  enums: EnumShape[];
  functions: FunctionShape[];
}
