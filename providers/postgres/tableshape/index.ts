// Table shape: what a module's files declare (declared.ts), what the database holds (read.ts), what
// differs (diff.ts, pure) and how it is restored without touching rows (repair.ts, pure; apply.ts).
export type { ColumnShape, ConstraintKind, ConstraintShape, EnumShape, FunctionShape, IndexShape, Shape, TableShape, TriggerShape } from "./types";
export { readShape, type ShapeFilter } from "./read";
export { declaredNames, declaredShape, type DeclaredFile, type DeclaredOptions, mapSchemaText, mapShape, SCRATCH_PREFIX } from "./declared";
export { describeFinding, diffShape, type Severity, type ShapeFinding, type ShapeKind, typeSchema } from "./diff";
export { isManual, planRepairs, type RepairPlan, type RepairStep } from "./repair";
export { applyRepairs, type RepairOutcome } from "./apply";
