// Declares modules (ours and yours) on one database connection, from any Pulumi program: the
// module half of the public API with defineModule (define.ts). Modules are planned first (their
// files read and parsed, collisions refused) and declared after, so a bad module means no resource.
//
// Each schema is declared once. A module alone in a schema of its own owns it (the schema, its
// USAGE grants, dropped with everything in it when the module goes). Modules sharing a schema get
// it declared once for all of them (`schema-<name>`, never dropped with CASCADE: each module's
// migrations remove their own objects), after their objects were checked not to collide. `public`
// is never declared: the stack does not create or drop it, nor change who may use it.
import * as pulumi from "@pulumi/pulumi";
import type { MigrationFile } from "../providers/postgres/providers/migration";
import { Grant, Schema } from "../providers/postgres/resources";
import { API_ROLES } from "../providers/postgres/shapes/privileges";
import { type ModuleName, resolveModule } from "./catalog";
import { DomainModule, slug } from "./component";
import { moduleFiles, type SupastackModule } from "./define";
import { sharingProblems, sqlObjects } from "./objects";
import { type ApiRole, rolesNeedingUsage } from "./spec";

/** Pure: modules that cannot be declared together: the same name twice. */
export function collisionProblems(modules: readonly Pick<SupastackModule, "name" | "schema">[]): string[] {
  const problems: string[] = [];
  modules.forEach((m, i) => {
    const j = modules.findIndex((o) => o.name === m.name);
    if (j < i) problems.push(`modules[${i}]: ${m.name} is listed twice (modules[${j}])`);
  });
  return problems;
}

/** Modules ready to declare: their files read and parsed, their schemas grouped. */
export interface ModulePlan {
  modules: { module: SupastackModule; files: MigrationFile[] }[];
  /** Schemas shared by several modules (never `public`), each with its modules' names. */
  shared: Map<string, string[]>;
}

/**
 * Plans modules on one database: every module's SQL files are read and parsed with PostgreSQL's
 * parser, and modules that share a schema are checked not to collide (tables, types, views of one
 * name, or functions of one name written differently). Throws naming every problem; declares nothing.
 */
export async function planModules(modules: readonly (SupastackModule | ModuleName)[]): Promise<ModulePlan> {
  const resolved = modules.map(resolveModule);
  const collisions = collisionProblems(resolved);
  if (collisions.length > 0) throw new Error(`declareModules: ${collisions.join("; ")}`);
  const problems: string[] = [];
  const files = await Promise.all(
    resolved.map((m) =>
      moduleFiles(m).catch((error: unknown) => {
        problems.push((error as Error).message);
        return [];
      }),
    ),
  );
  if (problems.length > 0) throw new Error(problems.join("\n"));
  const bySchema = new Map<string, number[]>();
  resolved.forEach((m, i) => bySchema.set(m.schema, [...(bySchema.get(m.schema) ?? []), i]));
  const shared = new Map<string, string[]>();
  for (const [schema, members] of bySchema) {
    if (members.length < 2) continue;
    const objects = await Promise.all(members.map(async (i) => ({ name: resolved[i]!.name, objects: await sqlObjects(files[i]!), views: resolved[i]!.views.map((v) => v.name) })));
    problems.push(...sharingProblems(schema, objects));
    if (schema !== "public") shared.set(schema, objects.map((o) => o.name));
  }
  if (problems.length > 0) throw new Error(`declareModules: ${problems.join("\n  ")}`);
  return { modules: resolved.map((module, i) => ({ module, files: files[i]! })), shared };
}

/**
 * Resolves once the module's own registration has been answered (its children register only after
 * that) and a timer turn has let theirs be written to the engine; after a second at most, whatever happens.
 */
function registrationsSent(module: DomainModule): Promise<void> {
  const answered = new Promise<void>((resolve) => module.urn.apply(() => resolve()));
  const atMost = new Promise<void>((resolve) => setTimeout(resolve, 1000).unref());
  return Promise.race([answered, atMost]).then(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
}

/** How declared modules treat rows and run their files (see DomainModuleArgs); rows are protected unless told otherwise. */
export interface DeclareOptions {
  protectRows?: boolean;
  migrationTimeouts?: { lockTimeout?: string; statementTimeout?: string };
}

/** Declares planned modules (see planModules), each a DomainModule, in order. */
export async function declarePlanned(
  connection: pulumi.Input<string>,
  plan: ModulePlan,
  opts?: pulumi.ComponentResourceOptions,
  declare: DeclareOptions = {},
): Promise<DomainModule[]> {
  const protectRows = declare.protectRows ?? true;
  const shared = new Map<string, pulumi.Resource[]>();
  for (const [schema, members] of plan.shared) {
    // Declared once for its modules; known before as the schema of whichever of them had it alone.
    const aliasesOf = (name: string) => members.map((m) => ({ name: `${m}-${name}`, parent: pulumi.createUrn(m, "supastack:index:DomainModule", opts?.parent) }));
    const owner = { parent: opts?.parent, aliases: aliasesOf("schema") };
    const resource = new Schema(`schema-${slug(schema)}`, { connection, name: schema, dropCascade: false, protectRows }, owner);
    const roles = new Set<ApiRole>(plan.modules.filter((p) => p.module.schema === schema).flatMap((p) => rolesNeedingUsage(p.module)));
    const usage = API_ROLES
      .filter((r) => roles.has(r))
      .map(
        (role) =>
          new Grant(`schema-${slug(schema)}-usage-${slug(role)}`, { connection, role, objectType: "schema", schema: resource.name, privileges: ["USAGE"] }, {
            parent: opts?.parent,
            dependsOn: [resource],
            aliases: aliasesOf(`schema-usage-${slug(role)}`),
          }),
      );
    shared.set(schema, [resource, ...usage]);
  }
  const declared: DomainModule[] = [];
  for (const { module, files } of plan.modules) {
    const sharedSchema = module.schema === "public" ? [] : shared.get(module.schema);
    declared.push(new DomainModule(module.name, { connection, spec: module, files, directory: module.sqlLabel, sharedSchema, protectRows, migrationTimeouts: declare.migrationTimeouts }, opts));
    // Declaring resources is synchronous, and their registrations leave for the engine only when the
    // program yields; the engine starts the dynamic-provider plugin (~0.5 s of start-up) only when it
    // sees the first one. Yielding after the first module lets it start the plugin while the program
    // declares the rest, instead of after (nothing else changes: same resources, same order).
    if (declared.length === 1) await registrationsSent(declared[0] as DomainModule);
  }
  return declared;
}

/**
 * Declares modules on one database: each becomes a `DomainModule` component (its schema,
 * migrations, RLS, grants, policies, views and function access). Every module's SQL files are
 * parsed with PostgreSQL's parser first; nothing is declared if one is malformed or if modules
 * sharing a schema collide. A module lives in its own schema unless it was moved (`module.inSchema`).
 *
 * @example
 * const modules = await declareModules(databaseUrl, ["jobs", modules.support.inSchema("public"), crm]);
 */
export async function declareModules(
  connection: pulumi.Input<string>,
  modules: readonly (SupastackModule | ModuleName)[],
  opts?: pulumi.ComponentResourceOptions,
): Promise<DomainModule[]> {
  return declarePlanned(connection, await planModules(modules), opts);
}
