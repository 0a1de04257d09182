// What the engine hands a dynamic provider, and how values are compared. Pure: no Pulumi runtime.
//
// @pulumi/pulumi's dynamic-provider server (cmd/dynamic-provider/index.js) gives check and diff the
// request's olds and news as plain `Struct.toJavaScript()` objects: an input the engine does not know
// yet (preview) is the string UNKNOWN, at the top level or anywhere inside a list or object; it
// answers Configure with acceptSecrets(false), so the engine strips secrets before calling and
// re-marks them itself. A secret can still reach a provider wrapped as { [SECRET_SIG_KEY]:
// SECRET_SIG, value } (an older engine, or a value passed through rpc.deserializeProperty): the core
// unwraps it before validating and comparing, and never prints a value.
import { z } from "zod";

export type Props = Record<string, unknown>;
export type Failure = { property: string; reason: string };

/** The engine's placeholder for a value not known during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** The signature key and value of a secret-wrapped property (rpc.specialSigKey / specialSecretSig). */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export function isSecretWrapped(value: unknown): value is { value: unknown } {
  return typeof value === "object" && value !== null && (value as Props)[SECRET_SIG_KEY] === SECRET_SIG;
}

/** The value with every secret wrapper removed (at any depth). */
export function unwrapSecrets(value: unknown): unknown {
  if (isSecretWrapped(value)) return unwrapSecrets(value.value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value as Props).map(([k, v]) => [k, unwrapSecrets(v)]));
  return value;
}

/** True when the value is unknown or holds an unknown anywhere inside. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value as Props).some(containsUnknown);
  return false;
}

/** The engine's props without the serialized provider and without secret wrappers. */
export function userProps(props: Props | undefined): Props {
  const { __provider: _ignored, ...rest } = props ?? {};
  return unwrapSecrets(rest) as Props;
}

/** Stable JSON for comparisons: object keys sorted, undefined dropped. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Props)
          .filter(([, x]) => x !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    }
    return v;
  });
}

/** A list compared as a set: sorted canonical members, repeats dropped. */
export function asSet(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return [...new Set(value.map(canonical))].sort();
}

/** Outputs as plain JSON (no undefined, no class instances), the only shape the engine accepts. */
export function plain<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

// Set-valued fields are marked where the shape declares them (setOf), so the core finds them from
// the schema itself: check stores them sorted and diff compares them as sets.
const setFields = new WeakSet<z.ZodType>();

/** A list whose order and repeats do not matter: check stores it sorted and unique; diff compares sets. */
export function setOf<T extends z.ZodType<string>>(item: T, atLeast?: { length: number; message: string }) {
  const list = atLeast ? z.array(item).min(atLeast.length, atLeast.message) : z.array(item);
  const schema = list.transform((l) => [...new Set(l as string[])].sort() as z.output<T>[]);
  setFields.add(schema);
  return schema;
}

/** Whether a field (under .optional()/.default()/.min() wrappers) was declared with setOf. */
export function isSetField(field: z.ZodType): boolean {
  let current: z.ZodType | undefined = field;
  for (let depth = 0; current && depth < 8; depth++) {
    if (setFields.has(current)) return true;
    const def: { innerType?: z.ZodType; in?: z.ZodType } | undefined = (current as unknown as { _zod?: { def?: { innerType?: z.ZodType; in?: z.ZodType } } })._zod?.def;
    current = def?.innerType ?? def?.in;
  }
  return false;
}
