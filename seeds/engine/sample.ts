// How much a table will send, before it is generated: its expected rows times the encoded size of
// its first rows. The load order (run.ts) and the remote streams (shards.ts) decide by bytes, not
// rows: a 12 KB transcript row costs the network and the server far more than a 200-byte metric.
import { encodeRow } from "./copy";
import type { TableSeed } from "../../seedkit/types";

/** Rows sampled per table. */
export const SAMPLE_ROWS = 64;

/** Pure: the mean COPY-encoded length of a table's first SAMPLE_ROWS rows (0 when it has none). */
export function sampledRowBytes(table: Pick<TableSeed, "rows">): number {
  let bytes = 0;
  let n = 0;
  for (const row of table.rows()) {
    bytes += encodeRow(row).length;
    if (++n >= SAMPLE_ROWS) break;
  }
  return n === 0 ? 0 : bytes / n;
}

/** Pure: a table's expected COPY bytes (its estimate times its sampled row size). */
export function expectedBytes(table: Pick<TableSeed, "rows" | "estimate">): number {
  return sampledRowBytes(table) * table.estimate;
}
