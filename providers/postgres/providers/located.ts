// Where an object that lives in a schema is now. A module's schema renamed in place (Schema's
// update: ALTER SCHEMA ... RENAME TO) carries everything in it to the new name, so the resources
// that name the schema (RLS, policies, views, grants, function access) take a changed `schema` as
// an update at the new name, never as a replacement: a replacement would leave two resources (the
// old and the new) claiming one physical object, and the old one's delete, run after the new one's
// create (or left pending by a failed run and run by the next, once the rename is reverted), would
// disable RLS on, or drop, the object the new one had just declared.
import type { Queryable } from "../client";

/** The relation's oid, or undefined when there is no relation of that name (its schema gone included). */
export async function relationOid(client: Queryable, schema: string, name: string): Promise<number | undefined> {
  const { rows } = await client.query(
    `SELECT c.oid::bigint AS oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2`,
    [schema, name],
  );
  return rows[0] ? Number(rows[0].oid) : undefined;
}

/**
 * True when the declaration moved to another schema and the old relation is still there as a
 * different object (the schema was not renamed: the declaration now names another schema), so
 * what the resource did there must be undone as its delete would. False after a rename in place
 * (the old name is gone) and whenever old and new name the same object.
 */
export async function leftBehind(client: Queryable, olds: { schema: string }, news: { schema: string }, relation: { old: string; new: string }): Promise<boolean> {
  if (olds.schema === news.schema) return false;
  const was = await relationOid(client, olds.schema, relation.old);
  if (was === undefined) return false;
  return was !== (await relationOid(client, news.schema, relation.new));
}
