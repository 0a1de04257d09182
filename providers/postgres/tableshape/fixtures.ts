// Pieces of a jobs-like table for the pure tests beside (diff.test.ts, repair.test.ts): written once.
import type { ColumnShape, ConstraintShape, TableShape } from "./types";

export const idColumn = (): ColumnShape => ({ name: "id", type: "uuid", default: "gen_random_uuid()", notNull: true, generated: null, identity: null });
export const statusColumn = (): ColumnShape => ({ name: "status", type: "jobs.job_status", default: "'pending'::jobs.job_status", notNull: true, generated: null, identity: null });
export const primaryKey = (): ConstraintShape => ({ name: "jobs_pkey", kind: "primary key", definition: "PRIMARY KEY (id)", validated: true });

/** jobs.jobs with its id, status and primary key; a test adds the rest. */
export const jobsTable = (more: Partial<TableShape> = {}): TableShape => ({
  schema: "jobs",
  name: "jobs",
  owner: "postgres",
  indexes: [],
  triggers: [],
  ...more,
  columns: [idColumn(), statusColumn(), ...(more.columns ?? [])],
  constraints: [primaryKey(), ...(more.constraints ?? [])],
});
