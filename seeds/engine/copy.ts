// COPY ... FROM STDIN in PostgreSQL's text format, streamed with backpressure: rows are encoded
// into ~256 KiB chunks as the server takes them, so memory does not depend on the row count.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Client } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { identList, qualified } from "../../providers/postgres/sql";
import type { CopyValue } from "../../seedkit/types";

export type { CopyValue };

/** One value in COPY text format: \N for NULL, backslash escapes for the specials. */
export function encodeValue(value: CopyValue): string {
  switch (typeof value) {
    case "string":
      return SPECIALS.test(value) ? escapeText(value) : value;
    case "number":
      return Number.isFinite(value) ? String(value) : "\\N";
    case "boolean":
      return value ? "t" : "f";
    case "bigint":
      return String(value);
    case "object": {
      if (value === null) return "\\N";
      if (value instanceof Date) return value.toISOString();
      // JSON text has no raw tab, newline or carriage return (JSON.stringify escapes every control
      // character): only its backslashes need doubling.
      const json = JSON.stringify(value);
      return json.includes("\\") ? json.replaceAll("\\", "\\\\") : json;
    }
    default:
      return "\\N";
  }
}
const SPECIALS = /[\\\t\n\r]/;
/** Backslash first, so the escapes added after are not doubled. */
const escapeText = (text: string) => text.replaceAll("\\", "\\\\").replaceAll("\t", "\\t").replaceAll("\n", "\\n").replaceAll("\r", "\\r");

export function encodeRow(row: readonly CopyValue[]): string {
  let line = "";
  for (let i = 0; i < row.length; i++) line += (i === 0 ? "" : "\t") + encodeValue(row[i]);
  return `${line}\n`;
}

const CHUNK = 256 * 1024;

export interface EncodeOptions {
  /**
   * Each line starts with the row's position in `rows` (0, 1, 2, ...) as a first column: the
   * staging tables of --connections keep it, so the rows can be moved in the generator's order
   * (shards.ts).
   */
  numbered?: boolean;
}

/**
 * Encoded rows as a stream of ~CHUNK-byte Buffers. Each row is written into the chunk's Buffer as
 * soon as it is encoded, so the chunk never exists as a long JavaScript string (a rope of
 * thousands of pieces that outlives young-generation collections and is flattened and converted
 * to UTF-8 at the end: about a sixth of the seeder's CPU).
 */
export function encodedStream(rows: Iterable<readonly CopyValue[]>, onRows: (n: number) => void, options: EncodeOptions = {}): Readable {
  const iterator = rows[Symbol.iterator]();
  const numbered = options.numbered === true;
  let position = 0;
  return new Readable({
    read() {
      let buffer = Buffer.allocUnsafe(CHUNK + 64 * 1024);
      let size = 0;
      let n = 0;
      for (;;) {
        const next = iterator.next();
        if (next.done) {
          if (size > 0) this.push(buffer.subarray(0, size));
          if (n) onRows(n);
          this.push(null);
          return;
        }
        const line = numbered ? `${position++}\t${encodeRow(next.value)}` : encodeRow(next.value);
        // At most 3 UTF-8 bytes per UTF-16 code unit: grow (rarely, for one very large row) first.
        if (size + line.length * 3 > buffer.length) {
          const larger = Buffer.allocUnsafe(Math.max(buffer.length * 2, size + line.length * 3));
          buffer.copy(larger, 0, 0, size);
          buffer = larger;
        }
        size += buffer.write(line, size);
        n++;
        if (size >= CHUNK) {
          onRows(n);
          this.push(buffer.subarray(0, size));
          return;
        }
      }
    },
  });
}

export interface CopyOptions {
  /** COPY ... FREEZE: only for a table created or truncated in the current (sub)transaction. */
  freeze?: boolean;
}

/** The COPY statement for schema.table's columns. */
export function copyStatement(schema: string, table: string, columns: readonly string[], options: CopyOptions = {}): string {
  return `COPY ${qualified(schema, table)} (${identList(columns)}) FROM STDIN${options.freeze ? " WITH (FREEZE)" : ""}`;
}

/** Streams rows into schema.table with COPY; returns how many were sent. */
export async function copyRows(
  client: Client,
  schema: string,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly CopyValue[]>,
  onRows: (n: number) => void = () => undefined,
  options: CopyOptions = {},
): Promise<number> {
  let count = 0;
  const sink = client.query(copyFrom(copyStatement(schema, table, columns, options)));
  await pipeline(
    encodedStream(rows, (n) => {
      count += n;
      onRows(n);
    }),
    sink,
  );
  return count;
}
