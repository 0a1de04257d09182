// Shape of Migration: a module's ordered SQL files, each applied once and recorded with its checksum.
import { z } from "zod";
import { connectionField, identifier } from "../fields";

export const MIGRATION_FILE = /^(\d+)_([\w.-]+)\.sql$/;

export const migrationFileSchema = z.object({
  /** `<number>_<name>.sql`. */
  name: z.string().regex(MIGRATION_FILE, "a migration file is named <number>_<name>.sql"),
  /** sha256 of the file, in hex. */
  checksum: z.string().regex(/^[0-9a-f]{64}$/, "checksum is a sha256 in hex"),
  sql: z.string(),
});
export type MigrationFile = z.infer<typeof migrationFileSchema>;

export const migrationSchema = z.object({
  /** PostgreSQL connection string; a secret. */
  connection: connectionField,
  /** The module the files belong to (their records are kept under this name). */
  module: identifier("module"),
  /** The schema the files build; unqualified names land there. */
  schema: identifier("schema"),
  /** Where the files came from, for messages (e.g. sql/support). */
  directory: z.string().default("sql"),
  /** The files in migration order; applied files are append-only. */
  files: z.array(migrationFileSchema).min(1, "a module needs at least one migration file"),
});
export type MigrationInputs = z.infer<typeof migrationSchema>;
