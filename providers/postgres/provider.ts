// The Postgres family's adapter to the provider framework (../framework/core.ts): a change runs
// over one connection made from the resource's `connection`, with a lock timeout, inside one
// transaction that first takes supastack's advisory lock (unless the kind manages its own
// transactions: Database, Migration); a read runs over a plain connection. Connections come from a
// small pool per connection string (client.ts: withPooledClient).
import type * as pulumi from "@pulumi/pulumi";
import type { Client } from "pg";
import { type ClientAdapter, defineProvider, type KindSpec } from "../framework/core";
import { inTransaction, withPooledClient } from "./client";
import { literal } from "./sql";

export { canonical, type Failure, plain, UNKNOWN } from "../framework/values";
export { changedKeys, checkInputs } from "../framework/core";

/** Every Postgres resource carries its connection (a secret input). */
export interface PgInputs {
  connection: string;
}

export interface PgProviderSpec<I extends PgInputs, O extends I> extends KindSpec<I, O, Client> {
  /** False when the kind opens its own transactions (CREATE DATABASE, migrations). */
  transactional?: boolean;
}

/**
 * Takes the transaction-scoped lock every supastack change holds. The engine runs resources in
 * parallel; PostgreSQL answers two concurrent GRANTs on one object with "tuple concurrently
 * updated", so changes to one database go one at a time (they take milliseconds each).
 */
export async function serialiseDdl(client: Pick<Client, "query">): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock(7347823)");
  // Waiting for an advisory lock does not make the backend read the catalog changes committed
  // meanwhile (only a relation lock does: LockRelationOid calls AcceptInvalidationMessages), so a
  // `CREATE SCHEMA IF NOT EXISTS` run next could still see the schema the lock's previous holder
  // created as absent and fail on pg_namespace_nspname_index. Locking a catalog relation reads them.
  await client.query("LOCK TABLE pg_catalog.pg_namespace IN ACCESS SHARE MODE");
}

/** Sets, for the current transaction only, how long its statements may wait for a lock and run (those given). */
export async function setLocalTimeouts(client: Pick<Client, "query">, t: { lockTimeout?: string; statementTimeout?: string }): Promise<void> {
  if (t.lockTimeout) await client.query(`SET LOCAL lock_timeout = ${literal(t.lockTimeout)}`);
  if (t.statementTimeout) await client.query(`SET LOCAL statement_timeout = ${literal(t.statementTimeout)}`);
}

/** A transaction holding supastack's DDL lock. */
export function lockedTransaction<T>(client: Client, fn: () => Promise<T>): Promise<T> {
  return inTransaction(client, async () => {
    await serialiseDdl(client);
    return fn();
  });
}

export function postgresAdapter(transactional = true): ClientAdapter<Client> {
  return {
    change: (props, fn) =>
      withPooledClient(String(props.connection), async (client) => {
        await client.query("SET lock_timeout = '60s'");
        return transactional ? lockedTransaction(client, () => fn(client)) : fn(client);
      }),
    read: (props, fn) => (props.connection ? withPooledClient(String(props.connection), fn) : undefined),
  };
}

export function pgProvider<I extends PgInputs, O extends I>(spec: PgProviderSpec<I, O>): pulumi.dynamic.ResourceProvider {
  return defineProvider(spec, postgresAdapter(spec.transactional !== false));
}
