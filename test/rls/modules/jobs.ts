// The jobs module's part of the RLS access matrix: its rows (what each actor may do to one row
// that belongs to the owner), the target row id per table, and the SQL that loads those rows.
import { ACTORS_IDS, type Row, ownerOnly } from "../actors";

const O = ACTORS_IDS.owner;

export const matrix: Record<string, Row> = {
  "jobs.jobs": ownerOnly("SIUD"),
};

export const targets: Record<string, string> = {
  "jobs.jobs": "20000000-0000-4000-8000-000000000001",
};

const t = (table: string) => `'${targets[table]}'`;

export const fixtureSql = `
INSERT INTO jobs.jobs (id, user_id, job_type, name) VALUES (${t("jobs.jobs")}, '${O}', 'export', 'nightly export');
`;
