// The declared Shape of a module: the catalog its migration files produce. The files are unqualified
// and run with the module's schema first on the search_path (migration.ts migrationSearchPath), so
// they are applied, in order, to a scratch schema `supastack_shape_<hex>` inside a transaction that
// is always rolled back: nothing of the run stays, whatever happens (a failed file, a lost
// connection: PostgreSQL discards an unfinished transaction). The scratch names are then mapped to
// the real schema. Results are remembered by the schema and the files' checksums for the life of
// the process.
import crypto from "node:crypto";
import type { Client } from "pg";
import { literal, ident, sqlIdentifier } from "../sql";
import { readShape } from "./read";
import type { Shape } from "./types";

export interface DeclaredFile {
  name: string;
  checksum: string;
  sql: string;
}

export interface DeclaredOptions {
  /** search_path of the files for a schema (migration.ts migrationSearchPath). */
  searchPath: (schema: string) => string;
  /** Where the files came from, for messages. */
  directory?: string;
  lockTimeout?: string;
  statementTimeout?: string;
}

export const SCRATCH_PREFIX = "supastack_shape_";

/** Pure: a fresh scratch schema name, unguessable and recognisable. */
export function scratchSchemaName(): string {
  return `${SCRATCH_PREFIX}${crypto.randomBytes(8).toString("hex")}`;
}

/** Pure: `text` with the scratch schema's name replaced by the real one, quoted or bare as it was printed. */
export function mapSchemaText(text: string, scratch: string, real: string): string {
  return text.split(ident(scratch)).join(ident(real)).split(scratch).join(sqlIdentifier(real));
}

/** Pure: a search_path list with each entry once (a module in public runs with "public" once, not twice). */
export function dedupeSearchPath(value: string): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of value.split(",").map((p) => p.trim())) {
    const key = part.replace(/^"(.*)"$/, "$1");
    if (part === "" || seen.has(key)) continue;
    seen.add(key);
    out.push(part);
  }
  return out.join(", ");
}

/** Pure: the shape read from `scratch`, as it is meant in `real`. */
export function mapShape(shape: Shape, scratch: string, real: string): Shape {
  const m = (s: string) => mapSchemaText(s, scratch, real);
  const mn = (s: string | null) => (s === null ? null : m(s));
  return {
    schema: real,
    tables: shape.tables.map((t) => ({
      ...t,
      schema: real,
      columns: t.columns.map((c) => ({ ...c, type: m(c.type), default: mn(c.default), generated: mn(c.generated) })),
      constraints: t.constraints.map((k) => ({ ...k, definition: m(k.definition) })),
      indexes: t.indexes.map((i) => ({ ...i, definition: m(i.definition) })),
      triggers: t.triggers.map((g) => ({ ...g, definition: m(g.definition) })),
    })),
    enums: shape.enums.map((e) => ({ ...e, schema: real })),
    functions: shape.functions.map((f) => {
      const searchPath = f.searchPath === null ? null : dedupeSearchPath(m(f.searchPath));
      let definition = m(f.definition);
      if (f.searchPath !== null && f.searchPath.includes(scratch)) definition = definition.replace(/^ SET search_path TO .*$/m, ` SET search_path TO ${searchPath}`);
      return { ...f, schema: real, searchPath, definition };
    }),
  };
}

const cache = new Map<string, Shape>();

/**
 * The shape `files` give `schema`. Runs on `client` in a transaction of its own (the client must not
 * be in one) that is rolled back; a file that fails is named with PostgreSQL's message.
 */
export async function declaredShape(client: Client, schema: string, files: readonly DeclaredFile[], options: DeclaredOptions): Promise<Shape> {
  const key = JSON.stringify([schema, files.map((f) => f.checksum)]);
  const known = cache.get(key);
  if (known) return structuredClone(known);
  const scratch = scratchSchemaName();
  await client.query("BEGIN");
  let shape: Shape;
  try {
    await client.query(`CREATE SCHEMA ${ident(scratch)}`);
    await client.query(`SET LOCAL search_path TO ${options.searchPath(scratch)}`);
    if (options.lockTimeout) await client.query(`SET LOCAL lock_timeout = ${literal(options.lockTimeout)}`);
    if (options.statementTimeout) await client.query(`SET LOCAL statement_timeout = ${literal(options.statementTimeout)}`);
    for (const file of files) {
      try {
        await client.query(file.sql);
      } catch (error) {
        throw new Error(`reading the declared shape of ${schema}: ${options.directory ?? "sql"}/${file.name} failed in a scratch schema (rolled back): ${(error as Error).message}`);
      }
    }
    shape = mapShape(await readShape(client, scratch), scratch, schema);
  } finally {
    await client.query("ROLLBACK");
  }
  cache.set(key, shape);
  return structuredClone(shape);
}

/** The names the live read is limited to: the declared tables, enum types and functions. */
export function declaredNames(shape: Shape): { tables: string[]; objects: string[] } {
  return { tables: shape.tables.map((t) => t.name), objects: [...new Set([...shape.enums.map((e) => e.name), ...shape.functions.map((f) => f.name)])] };
}
