// Where things live inside the project, found from the compiled or the source file alike.
import fs from "node:fs";
import path from "node:path";

/** The supastack project root: the nearest folder above this file with our package.json. */
export function projectRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, "utf8")).name === "supastack") return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the supastack project above ${from}`);
    dir = parent;
  }
}

/** Local, git-ignored state: the embedded database, the file backend, seed outputs. */
export function stateDir(root = projectRoot()): string {
  return process.env.SUPASTACK_STATE_DIR ?? path.join(root, ".supastack");
}
