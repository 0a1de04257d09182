// A domain module as a Pulumi component: its schema (unless it shares one), its migrations, RLS on
// every table, grants per object and role, policies and security_invoker views, all children of the
// component.
import * as pulumi from "@pulumi/pulumi";
import type { MigrationFile } from "../providers/postgres/providers/migration";
import { FunctionAccess, Grant, Migration, RlsPolicy, RowLevelSecurity, Schema, View } from "../providers/postgres/resources";
import { inSchema, migrationOptions } from "./lifecycle";
import { CLIENT_ROLES } from "../providers/postgres/shapes/privileges";
import { type ColumnPrivilege, type ModuleSpecInput, moduleSpecProblems, rolesNeedingUsage } from "./spec";

export interface DomainModuleArgs {
  connection: pulumi.Input<string>;
  /** What the module declares (a module object is one); validated before any resource is declared. */
  spec: ModuleSpecInput;
  files: MigrationFile[];
  /** lock_timeout and statement_timeout of each migration file (Migration's defaults: 5s, 5min). */
  migrationTimeouts?: { lockTimeout?: string; statementTimeout?: string };
  /**
   * The schema's and the migration's deletes, and new migration files, refuse to drop rows unless
   * the run allows it (providers/postgres/dataLoss.ts). Default true.
   */
  protectRows?: boolean;
  /** How messages name the folder of the files (default sql/<module>; declareModules gives the module's own). */
  directory?: string;
  /**
   * Set when the module does not own its schema: it shares it with other modules (declareModules
   * declares the schema and its USAGE grants once, and passes them here to wait for), or lives in
   * `public` (which a stack never creates, drops, or changes the USAGE of: Supabase grants it to
   * the API roles). Such a module's FunctionAccess touches only the functions its own files made.
   * Unset: the module owns its schema, created with it and dropped with everything in it.
   */
  sharedSchema?: pulumi.Resource[];
}

/** A resource-name-safe slug. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

export class DomainModule extends pulumi.ComponentResource {
  public readonly schema: pulumi.Output<string>;

  constructor(name: string, args: DomainModuleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("supastack:index:DomainModule", name, {}, opts);
    const { connection } = args;
    const { spec, problems } = moduleSpecProblems(args.spec);
    if (!spec || problems.length > 0) throw new Error(problems.join("\n"));
    const n = (...parts: string[]) => [name, ...parts.map(slug)].join("-");

    const protectRows = args.protectRows ?? true;
    const shared = args.sharedSchema;
    // Known before as the schema declared once for modules sharing it (declareModules), when the
    // others have gone: the same schema, so never dropped and created again.
    const wasShared = (resource: string) => ({ aliases: [{ name: `schema-${slug(spec.schema)}${resource}`, parent: opts?.parent ?? pulumi.rootStackResource }] });
    const schema = shared
      ? undefined
      : new Schema(n("schema"), { connection, name: spec.schema, dropCascade: true, protectRows }, { parent: this, deleteBeforeReplace: true, ...wasShared("") });
    // Everything else lives in the schema (lifecycle.ts says why each option).
    const usage = schema
      ? rolesNeedingUsage(spec).map(
          (role) =>
            new Grant(
              n("schema-usage", role),
              { connection, role, objectType: "schema", schema: schema.name, privileges: ["USAGE"] },
              { ...inSchema(this, schema, undefined, [schema]), ...wasShared(`-usage-${slug(role)}`) },
            ),
        )
      : (shared ?? []);
    const migration = new Migration(
      n("migrations"),
      { connection, module: spec.name, schema: spec.schema, directory: args.directory ?? `sql/${spec.name}`, files: args.files, ...args.migrationTimeouts, protectRows },
      migrationOptions(this, schema, schema ? [schema] : usage),
    );
    const child = (dependsOn: pulumi.Resource[] = []): pulumi.CustomResourceOptions => inSchema(this, schema, migration, dependsOn);

    /** A table's or view's grants: service_role's, then each API role's (which also need USAGE on the schema). */
    const grantsOn = (name: string, object: pulumi.Input<string>, serviceRole: string[], grants: Partial<Record<string, string[]>>, after: pulumi.Resource) => {
      new Grant(
        n(name, "grant", "service_role"),
        { connection, role: "service_role", objectType: "table", schema: spec.schema, objects: [object], privileges: serviceRole },
        child([after]),
      );
      for (const [role, privileges] of Object.entries(grants)) {
        if (!privileges || privileges.length === 0) continue;
        new Grant(n(name, "grant", role), { connection, role, objectType: "table", schema: spec.schema, objects: [object], privileges }, child([after, ...usage]));
      }
    };

    const rls = new Map<string, RowLevelSecurity>();
    for (const table of spec.tables) {
      rls.set(table.name, new RowLevelSecurity(n(table.name, "rls"), { connection, schema: spec.schema, table: table.name }, child([migration])));
      grantsOn(table.name, table.name, ["ALL"], table.grants, migration);
      for (const [role, byPrivilege] of Object.entries(table.columns ?? {})) {
        for (const [privilege, columns] of Object.entries(byPrivilege ?? {}) as [ColumnPrivilege, string[] | undefined][]) {
          if (!columns || columns.length === 0) continue;
          new Grant(
            n(table.name, "columns", privilege, role),
            { connection, role, objectType: "column", schema: spec.schema, objects: [table.name], columns, privileges: [privilege] },
            child([migration, ...usage]),
          );
        }
      }
    }

    for (const policy of spec.policies) {
      const tableRls = rls.get(policy.table);
      if (!tableRls) throw new Error(`module ${spec.name}: policy "${policy.name}" is on ${policy.table}, which the module does not list`);
      new RlsPolicy(
        n(policy.table, "policy", policy.name),
        {
          connection,
          schema: spec.schema,
          table: policy.table,
          name: policy.name,
          command: policy.command,
          permissive: policy.permissive ?? true,
          roles: policy.roles,
          using: policy.using,
          withCheck: policy.withCheck,
        },
        child([tableRls]),
      );
    }

    for (const view of spec.views) {
      const v = new View(n(view.name, "view"), { connection, schema: spec.schema, name: view.name, definition: view.definition }, child([migration]));
      grantsOn(view.name, v.name, ["SELECT"], view.grants, v);
    }

    for (const fn of spec.functions) {
      for (const role of ["service_role", ...fn.grants]) {
        new Grant(
          n("function", fn.signature.replace(/\(.*/, ""), role),
          { connection, role, objectType: "function", schema: spec.schema, objects: [fn.signature], privileges: ["EXECUTE"] },
          child([migration, ...usage]),
        );
      }
    }

    // PUBLIC off every function of the schema (of the module's own, in a schema it does not own),
    // the API roles off every undeclared one; runs again whenever the migration files change (new
    // functions start out executable by PUBLIC).
    new FunctionAccess(
      n("function-access"),
      {
        connection,
        schema: spec.schema,
        ...(shared ? { module: spec.name } : {}),
        declared: spec.functions.map((fn) => ({ signature: fn.signature, roles: fn.grants })),
        revokeFrom: [...CLIENT_ROLES],
        // A file's first text names it: a later text that supersedes it has the same effect.
        after: args.files.map((f) => `${f.name}:${f.supersedes?.[0] ?? f.checksum}`),
      },
      child([migration]),
    );

    for (const seq of spec.sequences) {
      for (const role of ["service_role", ...seq.grants]) {
        new Grant(
          n(seq.name, "sequence", role),
          { connection, role, objectType: "sequence", schema: spec.schema, objects: [seq.name], privileges: ["USAGE", "SELECT"] },
          child([migration, ...usage]),
        );
      }
    }

    this.schema = schema ? schema.name : pulumi.output(spec.schema);
    this.registerOutputs({ schema: this.schema });
  }
}
