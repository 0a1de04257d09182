// Turns the engine's event stream into StepProgress steps.
import type { EngineEvent } from "@pulumi/pulumi/automation";
import type { StepProgress } from "./output";

export function onEngineEvent(progress: StepProgress): (event: EngineEvent) => void {
  return (event) => {
    const done = event.resOutputsEvent?.metadata;
    if (done && done.op !== "same" && done.op !== "read") {
      const name = done.urn.split("::").pop() ?? done.urn;
      progress.step(`${done.op} ${name}`);
    }
    const failed = event.resOpFailedEvent?.metadata;
    if (failed) progress.step(`FAILED ${failed.urn.split("::").pop()}`);
  };
}
