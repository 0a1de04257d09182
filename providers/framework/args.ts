// The argument types a Pulumi program writes, derived from a kind's shape: every field of the
// shape's input type (z.input: what the program may pass, before defaults and transforms), each
// accepting a pulumi.Input at every level. Doc comments written on the shape's fields carry over.
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";

/** A value, or a pulumi.Input of it, with lists and objects accepting Inputs inside as well. */
export type DeepInput<T> = T extends readonly (infer E)[]
  ? pulumi.Input<DeepInput<E>[]>
  : T extends object
    ? pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }>
    : pulumi.Input<T>;

/** The program-facing arguments of a shape, minus the keys the resource class fills in itself. */
export type ShapeArgs<S extends z.ZodType, Omitted extends string = never> = {
  [K in keyof Omit<z.input<S>, Omitted>]: DeepInput<Exclude<z.input<S>[K], undefined>>;
};
