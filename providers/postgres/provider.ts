// Turns a small per-kind specification into a Pulumi dynamic provider: check validates inputs with
// the kind's zod schema (failures name the property), diff compares declared inputs and decides
// update or replace, and create/read/update/delete run the kind's SQL over one connection, inside
// one transaction unless the kind manages its own.
import type * as pulumi from "@pulumi/pulumi";
import type { Client } from "pg";
import { z } from "zod";
import { inTransaction, withClient } from "./client";

/** The engine's placeholder for a value not known during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Every Postgres resource carries its connection (a secret input). */
export interface PgInputs {
  connection: string;
}

export interface PgProviderSpec<I extends PgInputs, O extends I> {
  /** Object kind, used in messages. */
  kind: string;
  /** Validates the inputs; its keys are the inputs diff compares. */
  schema: z.ZodObject<z.ZodRawShape>;
  /** Inputs PostgreSQL cannot change in place. */
  replaceOn: readonly (keyof I & string)[];
  /** Further replace decisions that need to look at the database (or at old and new together). */
  replaces?(olds: O, news: I): Promise<string[]> | string[];
  deleteBeforeReplace?: boolean;
  /** Keys that differ in a way the input comparison cannot see (drift recorded by read). */
  drifted?(olds: O, news: I): string[];
  /** Extra check over the whole input, after the schema; return failures. */
  validate?(inputs: I, olds: Partial<O>): Promise<Failure[]> | Failure[];
  /** False when the kind opens its own transactions (migrations). */
  transactional?: boolean;
  id(inputs: I): string;
  create(client: Client, inputs: I): Promise<O>;
  /** The object as it is now, or undefined when it no longer exists. */
  read(client: Client, id: string, olds: O): Promise<O | undefined>;
  update(client: Client, id: string, olds: O, news: I): Promise<O>;
  delete(client: Client, id: string, olds: O): Promise<void>;
}

type Props = Record<string, unknown>;
export type Failure = { property: string; reason: string };

function withoutProvider(props: Props): Props {
  const { __provider: _ignored, ...rest } = props;
  return rest;
}

/** Stable JSON for comparisons: object keys sorted, undefined dropped. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Props)
          .filter(([, x]) => x !== undefined)
          .sort(([a], [b]) => a.localeCompare(b)),
      );
    }
    return v;
  });
}

function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** Validates inputs, leaving out those the engine does not know yet. */
export function checkInputs(
  schema: z.ZodObject<z.ZodRawShape>,
  news: Props,
): { inputs: Props; failures: { property: string; reason: string }[] } {
  const unknownKeys = Object.keys(news).filter((k) => isUnknown(news[k]));
  const known = Object.fromEntries(Object.entries(news).filter(([k]) => !unknownKeys.includes(k)));
  // The known fields alone (a fresh object from the shape: zod cannot omit from a refined object;
  // whole-object refinements run again once every input is known).
  const effective = unknownKeys.length > 0 ? z.object(Object.fromEntries(Object.entries(schema.shape).filter(([k]) => !unknownKeys.includes(k)))) : schema;
  const parsed = effective.safeParse(known);
  if (!parsed.success) {
    return {
      inputs: news,
      failures: parsed.error.issues.map((issue) => ({
        property: issue.path.map(String).join(".") || "(inputs)",
        reason: issue.message,
      })),
    };
  }
  const inputs: Props = { ...(parsed.data as Props) };
  for (const k of unknownKeys) inputs[k] = news[k];
  return { inputs, failures: [] };
}

/** Which declared inputs differ between the state and the program. */
export function changedKeys(keys: readonly string[], olds: Props, news: Props): string[] {
  return keys.filter((k) => isUnknown(news[k]) || canonical(olds[k]) !== canonical(news[k]));
}

export function pgProvider<I extends PgInputs, O extends I>(
  spec: PgProviderSpec<I, O>,
): pulumi.dynamic.ResourceProvider {
  const keys = Object.keys(spec.schema.shape);
  const run = <T>(connection: string, fn: (client: Client) => Promise<T>): Promise<T> =>
    withClient(connection, async (client) => {
      await client.query("SET lock_timeout = '60s'");
      if (spec.transactional === false) return plain(await fn(client));
      return plain(
        await inTransaction(client, async () => {
          await serialiseDdl(client);
          return fn(client);
        }),
      );
    });

  return {
    async check(olds: Props, news: Props) {
      const result = checkInputs(spec.schema, withoutProvider(news));
      const known = Object.values(result.inputs).every((v) => !isUnknown(v));
      if (result.failures.length === 0 && known && spec.validate) {
        result.failures.push(...(await spec.validate(result.inputs as unknown as I, withoutProvider(olds) as Partial<O>)));
      }
      return { inputs: result.inputs, failures: result.failures };
    },

    async diff(_id: string, oldsRaw: Props, newsRaw: Props) {
      const olds = withoutProvider(oldsRaw);
      const news = withoutProvider(newsRaw);
      const changed = changedKeys(keys, olds, news);
      if (spec.drifted) {
        for (const k of spec.drifted(olds as O, news as unknown as I)) if (!changed.includes(k)) changed.push(k);
      }
      if (changed.length === 0) return { changes: false };
      const replaces = changed.filter((k) => (spec.replaceOn as readonly string[]).includes(k));
      const known = Object.values(news).every((v) => !isUnknown(v));
      if (replaces.length === 0 && known && spec.replaces) {
        replaces.push(...(await spec.replaces(olds as O, news as unknown as I)));
      }
      return {
        changes: true,
        replaces,
        deleteBeforeReplace: replaces.length > 0 && spec.deleteBeforeReplace === true,
      };
    },

    async create(inputsRaw: Props) {
      const inputs = withoutProvider(inputsRaw) as unknown as I;
      const outs = await run(inputs.connection, (client) => spec.create(client, inputs));
      return { id: spec.id(inputs), outs };
    },

    async read(id: string, propsRaw?: Props) {
      const olds = withoutProvider(propsRaw ?? {}) as unknown as O;
      if (!olds.connection) return { id, props: propsRaw };
      const now = await withClient(olds.connection, (client) => spec.read(client, id, olds));
      if (!now) return {};
      return { id, props: plain(now) as unknown as Props };
    },

    async update(id: string, oldsRaw: Props, newsRaw: Props) {
      const olds = withoutProvider(oldsRaw) as unknown as O;
      const news = withoutProvider(newsRaw) as unknown as I;
      const outs = await run(news.connection, (client) => spec.update(client, id, olds, news));
      return { outs };
    },

    async delete(id: string, propsRaw: Props) {
      const olds = withoutProvider(propsRaw) as unknown as O;
      await run(olds.connection, (client) => spec.delete(client, id, olds));
    },
  };
}

/**
 * Takes the transaction-scoped lock every supastack change holds. The engine runs resources in
 * parallel; PostgreSQL answers two concurrent GRANTs on one object with "tuple concurrently
 * updated", so changes to one database go one at a time (they take milliseconds each).
 */
export async function serialiseDdl(client: Pick<Client, "query">): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock(7347823)");
}

/** Outputs as plain JSON (no undefined, no class instances), the only shape the engine accepts. */
export function plain<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** zod pieces shared by the kinds. */
export const connectionField = z.string().min(1, "connection must be a PostgreSQL connection string");
