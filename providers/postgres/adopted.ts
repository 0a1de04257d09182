// supastack.adopted: the modules `supastack adopt` brought under management, and the schema each
// lives in. Written in the adoption's own transaction (with the baseline rows of supastack.migrations),
// read by the providers whose create would otherwise refuse or redo what the database already holds:
// Schema's create takes over an adopted schema that holds objects (it never takes over anyone else's),
// and Migration's create treats the recorded (baseline) files as applied instead of running them over
// existing tables.
import type { Queryable } from "./client";
import { ident, qualified } from "./sql";

export const ADOPTED_SCHEMA = "supastack";
export const ADOPTED_TABLE = "adopted";

export interface AdoptedModule {
  module: string;
  schema: string;
}

/** The DDL of the table (idempotent), for the adoption transaction. */
export function createAdoptedSql(): string[] {
  return [
    `CREATE SCHEMA IF NOT EXISTS ${ident(ADOPTED_SCHEMA)}`,
    `CREATE TABLE IF NOT EXISTS ${qualified(ADOPTED_SCHEMA, ADOPTED_TABLE)} (
       module text PRIMARY KEY, schema text NOT NULL, adopted_at timestamptz NOT NULL DEFAULT now())`,
    `REVOKE ALL ON SCHEMA ${ident(ADOPTED_SCHEMA)} FROM PUBLIC`,
  ];
}

/** Records (or moves) a module as adopted into `schema`. */
export async function recordAdopted(client: Queryable, a: AdoptedModule): Promise<void> {
  await client.query(
    `INSERT INTO ${qualified(ADOPTED_SCHEMA, ADOPTED_TABLE)} (module, schema) VALUES ($1, $2)
     ON CONFLICT (module) DO UPDATE SET schema = excluded.schema, adopted_at = now()`,
    [a.module, a.schema],
  );
}

/** Every adopted module (none when nothing was ever adopted in this database). */
export async function adoptedModules(client: Queryable): Promise<AdoptedModule[]> {
  const exists = await client.query("SELECT to_regclass($1) AS t", [`${ident(ADOPTED_SCHEMA)}.${ident(ADOPTED_TABLE)}`]);
  if (!exists.rows[0]?.t) return [];
  const { rows } = await client.query(`SELECT module, schema FROM ${qualified(ADOPTED_SCHEMA, ADOPTED_TABLE)} ORDER BY module`);
  return rows as AdoptedModule[];
}
