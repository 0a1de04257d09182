// The engine's failures come back as the whole CLI transcript; a person wants its error lines.

const ERROR = /\berror: /i;
const indent = (line: string) => line.length - line.trimStart().length;

/**
 * The distinct `error:` lines of an engine failure, each with the lines the engine indented under
 * it (a multi-line message: the SQL problems under "invalid SQL, nothing was applied:", the tables
 * and rows under a refusal), or its first lines when it has none.
 */
export function engineFailure(error: unknown, max = 6): string {
  const text = error instanceof Error ? error.message : String(error);
  const raw = text.split("\n");
  const errors: string[] = [];
  raw.forEach((line, i) => {
    // The Automation API's own wrapper ("Error: Command failed with exit code 1: pulumi ...") says nothing.
    if (!ERROR.test(line) || /Command failed with exit code/.test(line)) return;
    const more: string[] = [];
    for (let j = i + 1; j < raw.length; j++) {
      const next = raw[j] as string;
      if (next.trim() === "" || indent(next) < indent(line) || ERROR.test(next)) break;
      more.push(next.trim());
    }
    const message = [line.trim().replace(/^.*?\berror: /i, ""), ...more].join("\n    ");
    if (!errors.includes(message)) errors.push(message);
  });
  const picked = errors.length > 0 ? errors : raw.map((l) => l.trim()).filter(Boolean);
  return picked.slice(0, max).join("\n  ");
}
