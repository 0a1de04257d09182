// How a module's resources are replaced and deleted together. The schema holds everything else, and
// PostgreSQL's DROP SCHEMA ... CASCADE (Schema's delete) and the Migration's delete (which drops the
// tables its files created) take every policy, RLS flag, grant and view on them along:
//   - the schema and the migration are replaced delete-before-create (a same-named schema or table
//     cannot exist twice), and everything in the schema is replaced with them (`replaceWith`), so a
//     replacement re-creates the module whole in the same `up` instead of leaving resources the
//     engine believes are there;
//   - everything in the schema is replaced delete-before-create too, so two resources never claim
//     one object (the old one's delete would undo what the new one had just made);
//   - everything in the schema but the migration is `deletedWith` the schema: removing a module (or
//     destroying the stack) does not first disable RLS, drop policies and revoke grants one by one on
//     tables that still hold rows (and, if the schema's or the migration's delete is then refused
//     because they hold rows, the module is left in the database exactly as it was). The migration
//     is not: its delete also removes the module's seeded auth users and its bookkeeping rows.
import type * as pulumi from "@pulumi/pulumi";

/**
 * Options of a resource that lives in the module's schema (after the migration, when given). A
 * module that shares its schema or lives in `public` has no Schema resource of its own (`schema`
 * undefined): its resources are replaced with its migration, and deleted one by one.
 */
export function inSchema(
  parent: pulumi.Resource,
  schema: pulumi.CustomResource | undefined,
  migration: pulumi.CustomResource | undefined,
  dependsOn: pulumi.Resource[],
): pulumi.CustomResourceOptions {
  const replaceWith = [schema, migration].filter((r): r is pulumi.CustomResource => r !== undefined);
  return { parent, dependsOn, ...(schema ? { deletedWith: schema } : {}), ...(replaceWith.length > 0 ? { replaceWith } : {}), deleteBeforeReplace: true };
}

/** Options of the module's Migration (replaced with its schema, when it has one of its own). */
export function migrationOptions(parent: pulumi.Resource, schema: pulumi.CustomResource | undefined, dependsOn: pulumi.Resource[]): pulumi.CustomResourceOptions {
  return { parent, dependsOn, ...(schema ? { replaceWith: [schema] } : {}), deleteBeforeReplace: true };
}
