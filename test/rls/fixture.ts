// The rows the access matrix is checked against: one target row per table, all belonging to the
// owner (in contact_center: about an agent the owner supervises), loaded once as the database
// owner. Each module's rows are in test/rls/modules/<module>.ts.
import { AUTH_FIXTURE_SQL } from "./actors";
import { MODULE_PARTS } from "./matrix";

export { ACTORS_IDS } from "./actors";

/** The target row's id per table (schema.table). */
export const TARGET: Record<string, string> = Object.assign({}, ...Object.values(MODULE_PARTS).map((p) => p.targets));

export const FIXTURE_SQL = [AUTH_FIXTURE_SQL, ...Object.values(MODULE_PARTS).map((p) => p.fixtureSql)].join("\n");
