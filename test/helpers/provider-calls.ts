// Calling a Postgres provider the way the engine's dynamic-provider plugin does, for tests that
// exercise providers without the engine.
import { expect } from "vitest";
import type { pgProvider } from "../../providers/postgres/provider";

export type Props = Record<string, unknown>;
type Provider = ReturnType<typeof pgProvider>;

/** check (which must pass) then create, on `connection`; returns id and outputs. */
export async function make(provider: Provider, connection: string, news: Props): Promise<{ id: string; outs: Props; inputs: Props }> {
  const checked = await provider.check!({}, { connection, ...news });
  expect(checked.failures).toEqual([]);
  const created = await provider.create(checked.inputs);
  return { id: created.id, outs: created.outs as Props, inputs: checked.inputs as Props };
}
