// THE RLS ACCESS MATRIX: for every table of every module, what each actor may do to one row that
// belongs to the owner, as PostgREST would run it (role + JWT claims). Each module states its part
// in test/rls/modules/<module>.ts; actors and letters are explained in test/rls/actors.ts.
// A table missing here fails the test: add its row when you add the table.
import type { Row } from "./actors";
import * as agentflow from "./modules/agentflow";
import * as contactCenter from "./modules/contact_center";
import * as jobs from "./modules/jobs";
import * as support from "./modules/support";
import * as voice from "./modules/voice";

export { ACTORS, type ActorName, OPERATIONS, type Operation } from "./actors";

export const MODULE_PARTS = { voice, support, contact_center: contactCenter, jobs, agentflow } as const;

export const MATRIX: Record<string, Row> = Object.assign({}, ...Object.values(MODULE_PARTS).map((p) => p.matrix));
