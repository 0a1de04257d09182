// Progress lines from a provider into the Pulumi log. Dynamic providers get no logger, but their
// plugin is started with the engine's address as its first argument: we open the engine's Log RPC
// on it, so "project X: COMING_UP after 30 s" shows in `pulumi up` like any diagnostic. Anywhere
// else (tests calling a provider directly), lines go to stderr.
import path from "node:path";

type EngineLog = (line: string) => Promise<void>;
let engineLog: EngineLog | null | undefined;

function connect(): EngineLog | null {
  const address = process.argv[2];
  if (!process.argv[1]?.includes("dynamic-provider") || !address) return null;
  try {
    // Resolved from @pulumi/pulumi's own folder: these are its dependencies and generated stubs.
    const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] })) as typeof import("@grpc/grpc-js");
    const { EngineClient } = require("@pulumi/pulumi/proto/engine_grpc_pb") as { EngineClient: new (a: string, c: unknown) => { log(r: unknown, cb: (e: unknown) => void): void } };
    const pb = require("@pulumi/pulumi/proto/engine_pb") as typeof import("@pulumi/pulumi/proto/engine_pb");
    const client = new EngineClient(address, grpc.credentials.createInsecure());
    return (line) =>
      new Promise((resolve) => {
        const request = new pb.LogRequest();
        request.setSeverity(pb.LogSeverity.INFO);
        request.setMessage(line);
        client.log(request, () => resolve());
      });
  } catch {
    return null;
  }
}

/** Writes one progress line to the Pulumi log (or stderr), never failing the operation. */
export async function progress(line: string): Promise<void> {
  if (engineLog === undefined) engineLog = connect();
  const text = `supastack: ${line}`;
  if (engineLog) await engineLog(text).catch(() => undefined);
  else process.stderr.write(`${text}\n`);
}
