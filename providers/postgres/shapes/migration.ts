// Shape of Migration: a module's ordered SQL files, each applied once and recorded with its checksum.
import { z } from "zod";
import { connectionField, duration, identifier } from "../fields";

export const MIGRATION_FILE = /^(\d+)_([\w.-]+)\.sql$/;

/**
 * How long a file may wait for a lock (lock_timeout) and run one statement (statement_timeout)
 * before PostgreSQL gives it up and it is rolled back. A DDL statement queued for a lock holds up
 * every query on the table that comes after it, so the wait is short, as Squawk's safe-migrations
 * guide advises (squawkhq.com/docs/safe_migrations: a short lock_timeout, retried); the statement
 * limit stops a runaway statement while leaving room for a real backfill.
 */
export const MIGRATION_TIMEOUTS = { lockTimeout: "5s", statementTimeout: "5min" } as const;

export const migrationFileSchema = z.object({
  /** `<number>_<name>.sql`. */
  name: z.string().regex(MIGRATION_FILE, "a migration file is named <number>_<name>.sql"),
  /** sha256 of the file, in hex. */
  checksum: z.string().regex(/^[0-9a-f]{64}$/, "checksum is a sha256 in hex"),
  sql: z.string(),
  /**
   * Checksums of earlier texts of this file that this text replaces with the same effect: a stack
   * that applied one of them records this checksum instead, without running the file again.
   */
  supersedes: z.array(z.string().regex(/^[0-9a-f]{64}$/, "a superseded checksum is a sha256 in hex")).optional(),
});
export type MigrationFile = z.infer<typeof migrationFileSchema>;

export const migrationSchema = z.object({
  /** PostgreSQL connection string; a secret. */
  connection: connectionField,
  /** The module the files belong to (their records are kept under this name). */
  module: identifier("module"),
  /** The schema the files build; unqualified names land there. */
  schema: identifier("schema"),
  /** Where the files came from, for messages (e.g. modules/support/sql); a label, so a change is no change. */
  directory: z.string().default("sql"),
  /** The files in migration order; applied files are append-only. */
  files: z.array(migrationFileSchema).min(1, "a module needs at least one migration file"),
  /** lock_timeout of each file (default 5s): a file waiting longer for a lock is given up and rolled back, naming who holds it. */
  lockTimeout: duration("lockTimeout").default(MIGRATION_TIMEOUTS.lockTimeout),
  /** statement_timeout of each file (default 5min): a statement running longer is cancelled and its file rolled back. */
  statementTimeout: duration("statementTimeout").default(MIGRATION_TIMEOUTS.statementTimeout),
  /**
   * Refuse to drop rows: a delete (or, for Migration, a new file) that would remove rows from tables
   * that hold some fails naming each table and its rows, unless the run allows it
   * (SUPASTACK_ALLOW_DATA_LOSS=1; supastack's --allow-data-loss). Default true; supastack's program
   * turns it off on the local dev stack and on ephemeral stacks.
   */
  protectRows: z.boolean().default(true),
});
export type MigrationInputs = z.infer<typeof migrationSchema>;
