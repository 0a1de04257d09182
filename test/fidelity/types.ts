// The shape in which each source document's database is written down as data
// (test/fidelity/<module>.ts), so the fidelity test can hold the live database to it.
// Write what the SOURCE says (not what the module does); where the module deliberately differs
// in a way the test would flag, say so in `accept` with the reason (and in docs/modules/<module>.md).

export interface SourceColumn {
  name: string;
  /**
   * The source's type as PostgreSQL's format_type() prints it: "uuid", "text", "character varying(255)",
   * "integer", "bigint", "numeric(3,2)", "boolean", "jsonb", "timestamp with time zone", "text[]",
   * or an enum's name ("job_status"). BIGSERIAL is "bigint" with a nextval default.
   */
  type: string;
  /** Source says NOT NULL (or PRIMARY KEY). The module may add NOT NULL only where the source allows it, and must say why in accept. */
  notNull?: boolean;
  /** The source's DEFAULT, as an expression fragment that must appear in pg_get_expr of the column default (e.g. "gen_random_uuid()", "'pending'", "now()", "true", "0"). */
  default?: string;
  /** Values a source CHECK allows for this column; every one must stay allowed (checked by the constraint text or the enum's labels). */
  checkValues?: string[];
  /** Deliberate, documented differences the test accepts for this column: e.g. { type: "text", reason: "..." }. */
  accept?: { type?: string; notNull?: boolean; reason: string };
}

export interface SourceForeignKey {
  columns: string[];
  /** "auth.users" or a table of the same module ("agents"). */
  references: string;
  refColumns?: string[];
  /** The source's ON DELETE rule; the module may choose another only with accept. */
  onDelete: "CASCADE" | "SET NULL" | "RESTRICT" | "NO ACTION" | "SET DEFAULT";
  accept?: { onDelete: SourceForeignKey["onDelete"]; reason: string };
}

export interface SourceIndex {
  columns: string[];
  /** btree (default) or gin. */
  method?: "btree" | "gin";
  unique?: boolean;
}

export interface SourceTable {
  name: string;
  columns: SourceColumn[];
  /** UNIQUE constraints or unique indexes, each a column list. */
  unique?: string[][];
  foreignKeys?: SourceForeignKey[];
  indexes?: SourceIndex[];
}

export interface SourceModule {
  module: string;
  /** The source document, for messages: "voice.md". */
  document: string;
  tables: SourceTable[];
  enums?: { name: string; values: string[] }[];
  /** Views by name with the columns the source's SELECT list gives them. */
  views?: { name: string; columns: string[] }[];
  /** Functions by name and identity argument types as PostgreSQL prints them ("uuid, character varying"). */
  functions?: { name: string; args: string }[];
  /** Triggers the source creates, by table (the module may name them differently: give the module's name). */
  triggers?: { table: string; name: string }[];
}
