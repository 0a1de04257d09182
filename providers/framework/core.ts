// One provider framework for every supastack resource kind. A kind is a small specification (its
// zod shape, its diff rules and its create/read/update/delete over some client); a family (the
// Postgres kinds, the Management API kinds) supplies only an adapter that says how a client is
// obtained for a change and for a read. The core does the rest, the same way for every kind:
//   - strips the serialized provider (`__provider`) and secret wrappers from what the engine sends;
//   - check: validates with the shape, leaving out inputs not known yet at preview (whole-object
//     refinements, `validate` and `normalise` run once everything is known), failures name the
//     property;
//   - diff: compares the shape's keys (sets as sets), minus those the family or kind ignores and
//     generated values the program leaves out; adds `drifted` keys; decides replace from
//     `replaceOn`, then `replaces`; `deleteBeforeReplace`; `beforeReplace` may refuse it, and
//     `beforeUpdate` an update in place;
//   - outputs are plain JSON.
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { asSet, canonical, containsUnknown, type Failure, isSetField, plain, type Props, userProps } from "./values";

export interface KindSpec<I extends object, O extends I, C> {
  /** Object kind, used in messages. */
  kind: string;
  /** Validates the inputs; its keys are the inputs diff compares. */
  schema: z.ZodObject<z.ZodRawShape>;
  /** Inputs that cannot change in place. */
  replaceOn?: readonly (keyof I & string)[];
  /** Further replace decisions that need the service (or old and new together); run when every input is known. */
  replaces?(olds: O, news: I): Promise<string[]> | string[];
  deleteBeforeReplace?: boolean;
  /**
   * Runs when diff plans a replacement (at preview too, before anything changes); throws to refuse
   * it. The kinds whose replacement drops rows refuse here (providers/postgres/dataLoss.ts), so the
   * engine never starts deleting what depends on them.
   */
  beforeReplace?(olds: O, news: I): Promise<void>;
  /**
   * Runs when diff plans an update in place (at preview too), with the old outputs (check sees only
   * the old inputs); throws to refuse it, naming what it would do.
   */
  beforeUpdate?(olds: O, news: I): Promise<void> | void;
  /** Keys that differ in a way the input comparison cannot see (drift recorded by read). */
  drifted?(olds: O, news: I): string[];
  /** Inputs never compared (settings of the provider's own behaviour: timeouts, poll intervals). */
  ignoreInDiff?: readonly string[];
  /**
   * Inputs added after resources were first recorded, with what their absence in a resource's state
   * means to the provider (protectRows: absent is protected). A state without the key and inputs
   * with that value are no change, so upgrading supastack plans no update for it.
   */
  absentMeans?: Readonly<Record<string, unknown>>;
  /** Inputs the provider fills in when absent (a generated password): absent means "keep it". */
  generated?: readonly string[];
  /** Extra check over the whole, fully known input after the shape; return failures. */
  validate?(inputs: I, olds: Partial<O>): Promise<Failure[]> | Failure[];
  /** Canonical form of valid, known inputs, so a difference of form alone is never a change. */
  normalise?(inputs: I): I;
  id(inputs: I, outs: O): string;
  create(client: C, inputs: I): Promise<O>;
  /** The object as it is now, or undefined when it no longer exists. */
  read(client: C, id: string, olds: O): Promise<O | undefined>;
  update(client: C, id: string, olds: O, news: I): Promise<O>;
  delete(client: C, id: string, olds: O): Promise<void>;
}

/** How a family reaches its service. */
export interface ClientAdapter<C> {
  /** Inputs that say how to reach the service rather than what to make (an API token): never compared. */
  ignoreInDiff?: readonly string[];
  /** Runs a change (create, update, delete) with a client made from the resource's inputs. */
  change<T>(props: Props, fn: (client: C) => Promise<T>): Promise<T>;
  /** Runs a read; undefined when the props cannot reach the service (state without credentials). */
  read<T>(props: Props, fn: (client: C) => Promise<T>): Promise<T> | undefined;
}

export interface CheckResult {
  inputs: Props;
  failures: Failure[];
}

function failuresOf(error: z.ZodError): Failure[] {
  return error.issues.map((issue) => ({ property: issue.path.map(String).join(".") || "(inputs)", reason: issue.message }));
}

/** Validates inputs with the shape, leaving out those the engine does not know yet. */
export function checkInputs(schema: z.ZodObject<z.ZodRawShape>, news: Props): CheckResult {
  const unknownKeys = Object.keys(news).filter((k) => containsUnknown(news[k]));
  const known = Object.fromEntries(Object.entries(news).filter(([k]) => !unknownKeys.includes(k)));
  // The known fields alone: a fresh object from the shape (zod cannot omit from a refined object),
  // so whole-object refinements wait until every input is known.
  const effective = unknownKeys.length > 0 ? z.object(Object.fromEntries(Object.entries(schema.shape).filter(([k]) => !unknownKeys.includes(k)))) : schema;
  const parsed = effective.safeParse(known);
  if (!parsed.success) return { inputs: news, failures: failuresOf(parsed.error) };
  const inputs: Props = { ...(parsed.data as Props) };
  for (const k of unknownKeys) inputs[k] = news[k];
  return { inputs, failures: [] };
}

/** Which of `keys` differ between the state and the program (unknown counts as differing). */
export function changedKeys(keys: readonly string[], olds: Props, news: Props, sets: readonly string[] = []): string[] {
  return keys.filter((k) => {
    if (containsUnknown(news[k])) return true;
    const form = sets.includes(k) ? asSet : (v: unknown) => v;
    return canonical(form(olds[k])) !== canonical(form(news[k]));
  });
}

/** The keys of a shape declared with setOf. */
export function setKeys(schema: z.ZodObject<z.ZodRawShape>): string[] {
  return Object.entries(schema.shape)
    .filter(([, field]) => isSetField(field as z.ZodType))
    .map(([k]) => k);
}

export function defineProvider<I extends object, O extends I, C>(spec: KindSpec<I, O, C>, adapter: ClientAdapter<C>): pulumi.dynamic.ResourceProvider {
  const ignored = [...(adapter.ignoreInDiff ?? []), ...(spec.ignoreInDiff ?? [])];
  const keys = Object.keys(spec.schema.shape).filter((k) => !ignored.includes(k));
  const sets = setKeys(spec.schema);
  const replaceOn: readonly string[] = spec.replaceOn ?? [];

  return {
    async check(oldsRaw: Props, newsRaw: Props) {
      const result = checkInputs(spec.schema, userProps(newsRaw));
      const known = !containsUnknown(result.inputs);
      if (result.failures.length === 0 && known && spec.validate) {
        result.failures.push(...(await spec.validate(result.inputs as I, userProps(oldsRaw) as Partial<O>)));
      }
      const inputs = result.failures.length === 0 && known && spec.normalise ? (spec.normalise(result.inputs as I) as Props) : result.inputs;
      return { inputs, failures: result.failures };
    },

    async diff(_id: string, oldsRaw: Props, newsRaw: Props) {
      const olds = { ...spec.absentMeans, ...userProps(oldsRaw) };
      const news = userProps(newsRaw);
      const changed = changedKeys(keys, olds, news, sets).filter((k) => !(spec.generated?.includes(k) && news[k] === undefined));
      for (const k of spec.drifted?.(olds as O, news as I) ?? []) if (!changed.includes(k)) changed.push(k);
      if (changed.length === 0) return { changes: false };
      const replaces = changed.filter((k) => replaceOn.includes(k));
      if (replaces.length === 0 && spec.replaces && !containsUnknown(news)) replaces.push(...(await spec.replaces(olds as O, news as I)));
      if (replaces.length > 0 && spec.beforeReplace) await spec.beforeReplace(olds as O, news as I);
      if (replaces.length === 0 && spec.beforeUpdate && !containsUnknown(news)) await spec.beforeUpdate(olds as O, news as I);
      return { changes: true, replaces, deleteBeforeReplace: replaces.length > 0 && spec.deleteBeforeReplace === true };
    },

    async create(inputsRaw: Props) {
      const inputs = userProps(inputsRaw);
      const outs = plain(await adapter.change(inputs, (client) => spec.create(client, inputs as I)));
      return { id: spec.id(inputs as I, outs), outs };
    },

    async read(id: string, propsRaw?: Props) {
      const olds = userProps(propsRaw);
      const pending = adapter.read(olds, (client) => spec.read(client, id, olds as O));
      if (pending === undefined) return { id, props: propsRaw };
      const now = await pending;
      return now ? { id, props: plain(now) as Props } : {};
    },

    async update(id: string, oldsRaw: Props, newsRaw: Props) {
      const news = userProps(newsRaw);
      return { outs: plain(await adapter.change(news, (client) => spec.update(client, id, userProps(oldsRaw) as O, news as I))) };
    },

    async delete(id: string, propsRaw: Props) {
      const olds = userProps(propsRaw);
      await adapter.change(olds, (client) => spec.delete(client, id, olds as O));
    },
  };
}
