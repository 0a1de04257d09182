// The engine's failures come back as the whole CLI transcript; a person wants its error lines.

/** The distinct `error:` lines of an engine failure, or its first lines when it has none. */
export function engineFailure(error: unknown, max = 6): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split("\n").map((l) => l.trim());
  const errors = [...new Set(lines.filter((l) => /\berror: /i.test(l)).map((l) => l.replace(/^.*?\berror: /i, "")))];
  const picked = errors.length > 0 ? errors : lines.filter(Boolean);
  return picked.slice(0, max).join("\n  ");
}
