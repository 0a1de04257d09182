// The Postgres resources a Pulumi program declares. Each is a dynamic resource whose provider
// forwards to providers/postgres/providers/<kind>.ts; the connection string (and a role's password)
// always travel as secrets. Names and argument shapes follow @pulumi/postgresql where they overlap.
// The classes look alike on purpose (duplicates lists them): each is a public type with its own
// outputs and docs, which a generic factory would hide from users' editors.
import * as pulumi from "@pulumi/pulumi";
import { ForwardedResource } from "../dynamic";
import type { ShapeArgs } from "../framework/args";
import type { databaseSchema } from "./shapes/database";
import type { dataApiSchemasSchema } from "./shapes/dataApiSchemas";
import type { roleSchema } from "./shapes/role";
import type { schemaSchema } from "./shapes/schema";
import type { extensionSchema } from "./shapes/extension";
import type { grantSchema } from "./shapes/grant";
import type { functionAccessSchema } from "./shapes/functionAccess";
import type { defaultPrivilegesSchema } from "./shapes/defaultPrivileges";
import type { migrationSchema } from "./shapes/migration";
import type { rowLevelSecuritySchema } from "./shapes/rowLevelSecurity";
import type { rlsPolicySchema } from "./shapes/rlsPolicy";
import type { viewSchema } from "./shapes/view";
import type { CreatedObject } from "./providers/migration";

type In<T> = pulumi.Input<T>;

interface Connected {
  connection: In<string>;
}

function secretConnection<T extends Connected>(args: T): T {
  return { ...args, connection: pulumi.secret(args.connection) };
}

abstract class PgResource extends ForwardedResource {
  protected constructor(kind: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    super("postgres", kind, kind, name, props, opts);
  }
}

/** The arguments of Database (from its shape, providers/postgres/shapes/database.ts). */
export type DatabaseArgs = ShapeArgs<typeof databaseSchema>;
/** A database of its own on the server (dropped on delete); `connection` points at the server's postgres database. */
export class Database extends PgResource {
  declare readonly name: pulumi.Output<string>;
  constructor(name: string, args: DatabaseArgs, opts?: pulumi.CustomResourceOptions) {
    const props = secretConnection(args);
    if (args.adminConnection !== undefined) props.adminConnection = pulumi.secret(args.adminConnection);
    super("Database", name, props, opts);
  }
}

/** The arguments of DataApiSchemas (from its shape, providers/postgres/shapes/dataApiSchemas.ts). */
export type DataApiSchemasArgs = ShapeArgs<typeof dataApiSchemasSchema>;
/** The schemas the Data API (PostgREST) exposes for the connection's database, set where PostgREST and Supabase's linter read them (pgrst.db_schemas). */
export class DataApiSchemas extends PgResource {
  declare readonly schemas: pulumi.Output<string[]>;
  constructor(name: string, args: DataApiSchemasArgs, opts?: pulumi.CustomResourceOptions) {
    const props = secretConnection(args);
    if (args.adminConnection !== undefined) props.adminConnection = pulumi.secret(args.adminConnection);
    super("DataApiSchemas", name, props, opts);
  }
}

/** The arguments of Role (from its shape, providers/postgres/shapes/role.ts). */
export type RoleArgs = ShapeArgs<typeof roleSchema>;
export class Role extends PgResource {
  declare readonly name: pulumi.Output<string>;
  constructor(name: string, args: RoleArgs, opts?: pulumi.CustomResourceOptions) {
    const props = secretConnection(args);
    if (args.password !== undefined) props.password = pulumi.secret(args.password);
    super("Role", name, props, opts);
  }
}

/** The arguments of Schema (from its shape, providers/postgres/shapes/schema.ts). */
export type SchemaArgs = ShapeArgs<typeof schemaSchema>;
export class Schema extends PgResource {
  declare readonly name: pulumi.Output<string>;
  constructor(name: string, args: SchemaArgs, opts?: pulumi.CustomResourceOptions) {
    super("Schema", name, secretConnection(args), opts);
  }
}

/** The arguments of Extension (from its shape, providers/postgres/shapes/extension.ts). */
export type ExtensionArgs = ShapeArgs<typeof extensionSchema>;
export class Extension extends PgResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly adopted: pulumi.Output<boolean>;
  constructor(name: string, args: ExtensionArgs, opts?: pulumi.CustomResourceOptions) {
    super("Extension", name, { ...secretConnection(args), adopted: undefined }, opts);
  }
}

/** The arguments of Grant (from its shape, providers/postgres/shapes/grant.ts). */
export type GrantArgs = ShapeArgs<typeof grantSchema>;
export class Grant extends PgResource {
  constructor(name: string, args: GrantArgs, opts?: pulumi.CustomResourceOptions) {
    super("Grant", name, secretConnection(args), opts);
  }
}

/** The arguments of FunctionAccess (from its shape, providers/postgres/shapes/functionAccess.ts). */
export type FunctionAccessArgs = ShapeArgs<typeof functionAccessSchema>;
/** EXECUTE kept from PUBLIC on every function of a schema, and from the API roles on undeclared ones. */
export class FunctionAccess extends PgResource {
  declare readonly exposed: pulumi.Output<string[]>;
  constructor(name: string, args: FunctionAccessArgs, opts?: pulumi.CustomResourceOptions) {
    super("FunctionAccess", name, { ...secretConnection(args), exposed: undefined }, opts);
  }
}

/** The arguments of DefaultPrivileges (from its shape, providers/postgres/shapes/defaultPrivileges.ts). */
export type DefaultPrivilegesArgs = ShapeArgs<typeof defaultPrivilegesSchema>;
export class DefaultPrivileges extends PgResource {
  constructor(name: string, args: DefaultPrivilegesArgs, opts?: pulumi.CustomResourceOptions) {
    super("DefaultPrivileges", name, secretConnection(args), opts);
  }
}

/** The arguments of Migration (from its shape, providers/postgres/shapes/migration.ts). */
export type MigrationArgs = ShapeArgs<typeof migrationSchema>;
export class Migration extends PgResource {
  declare readonly applied: pulumi.Output<{ name: string; checksum: string; objects: CreatedObject[] }[]>;
  constructor(name: string, args: MigrationArgs, opts?: pulumi.CustomResourceOptions) {
    super("Migration", name, { ...secretConnection(args), applied: undefined }, opts);
  }
}

/** The arguments of RowLevelSecurity (from its shape, providers/postgres/shapes/rowLevelSecurity.ts). */
export type RowLevelSecurityArgs = ShapeArgs<typeof rowLevelSecuritySchema>;
export class RowLevelSecurity extends PgResource {
  constructor(name: string, args: RowLevelSecurityArgs, opts?: pulumi.CustomResourceOptions) {
    super("RowLevelSecurity", name, secretConnection(args), opts);
  }
}

/** The arguments of RlsPolicy (from its shape, providers/postgres/shapes/rlsPolicy.ts). */
export type RlsPolicyArgs = ShapeArgs<typeof rlsPolicySchema>;
export class RlsPolicy extends PgResource {
  declare readonly name: pulumi.Output<string>;
  constructor(name: string, args: RlsPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    super("RlsPolicy", name, { ...secretConnection(args), usingStored: undefined, withCheckStored: undefined }, opts);
  }
}

/** The arguments of View (from its shape, providers/postgres/shapes/view.ts). */
export type ViewArgs = ShapeArgs<typeof viewSchema>;
export class View extends PgResource {
  declare readonly name: pulumi.Output<string>;
  constructor(name: string, args: ViewArgs, opts?: pulumi.CustomResourceOptions) {
    super("View", name, { ...secretConnection(args), definitionStored: undefined }, opts);
  }
}
