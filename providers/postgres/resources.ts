// The Postgres resources a Pulumi program declares. Each is a dynamic resource whose provider
// forwards to providers/postgres/providers/<kind>.ts; the connection string (and a role's password)
// always travel as secrets. Names and argument shapes follow @pulumi/postgresql where they overlap.
import * as pulumi from "@pulumi/pulumi";
import { forwardingProvider } from "../dynamic";
import type { CreatedObject, MigrationFile } from "./providers/migration";

type In<T> = pulumi.Input<T>;

interface Connected {
  /** PostgreSQL connection string; stored as a secret. */
  connection: In<string>;
}

function secretConnection<T extends Connected>(args: T): T {
  return { ...args, connection: pulumi.secret(args.connection) };
}

abstract class PgResource extends pulumi.dynamic.Resource {
  protected constructor(kind: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    super(forwardingProvider(kind), name, props, opts, "postgres", kind);
  }
}

export interface DatabaseArgs extends Connected {
  name: In<string>;
  supabaseBootstrap?: In<boolean>;
}
/** A database of its own on the server (dropped on delete); `connection` points at the server's postgres database. */
export class Database extends PgResource {
  declare readonly name: pulumi.Output<string>;
  constructor(name: string, args: DatabaseArgs, opts?: pulumi.CustomResourceOptions) {
    super("Database", name, secretConnection(args), opts);
  }
}

export interface RoleArgs extends Connected {
  name: In<string>;
  login?: In<boolean>;
  password?: In<string>;
  superuser?: In<boolean>;
  createDatabase?: In<boolean>;
  createRole?: In<boolean>;
  inherit?: In<boolean>;
  replication?: In<boolean>;
  bypassRowLevelSecurity?: In<boolean>;
  connectionLimit?: In<number>;
  roles?: In<In<string>[]>;
}
export class Role extends PgResource {
  declare readonly name: pulumi.Output<string>;
  constructor(name: string, args: RoleArgs, opts?: pulumi.CustomResourceOptions) {
    const props = secretConnection(args);
    if (args.password !== undefined) props.password = pulumi.secret(args.password);
    super("Role", name, props, opts);
  }
}

export interface SchemaArgs extends Connected {
  name: In<string>;
  owner?: In<string>;
  dropCascade?: In<boolean>;
}
export class Schema extends PgResource {
  declare readonly name: pulumi.Output<string>;
  constructor(name: string, args: SchemaArgs, opts?: pulumi.CustomResourceOptions) {
    super("Schema", name, secretConnection(args), opts);
  }
}

export interface ExtensionArgs extends Connected {
  name: In<string>;
  schema?: In<string>;
  version?: In<string>;
  dropCascade?: In<boolean>;
}
export class Extension extends PgResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly adopted: pulumi.Output<boolean>;
  constructor(name: string, args: ExtensionArgs, opts?: pulumi.CustomResourceOptions) {
    super("Extension", name, { ...secretConnection(args), adopted: undefined }, opts);
  }
}

export interface GrantArgs extends Connected {
  role: In<string>;
  objectType: In<"database" | "schema" | "table" | "sequence" | "function" | "column">;
  database?: In<string>;
  schema?: In<string>;
  objects?: In<In<string>[]>;
  /** objectType "column": the columns of the one table in `objects` (a set). */
  columns?: In<In<string>[]>;
  privileges: In<In<string>[]>;
  withGrantOption?: In<boolean>;
}
export class Grant extends PgResource {
  constructor(name: string, args: GrantArgs, opts?: pulumi.CustomResourceOptions) {
    super("Grant", name, secretConnection(args), opts);
  }
}

export interface FunctionAccessArgs extends Connected {
  schema: In<string>;
  /** Functions declared with the API roles that may call them; everything else is closed to them. */
  declared?: In<In<{ signature: In<string>; roles: In<In<string>[]> }>[]>;
  revokeFrom?: In<In<string>[]>;
  /** Values whose change re-runs the revocation (migration checksums). */
  after?: In<In<string>[]>;
}
/** EXECUTE kept from PUBLIC on every function of a schema, and from the API roles on undeclared ones. */
export class FunctionAccess extends PgResource {
  declare readonly exposed: pulumi.Output<string[]>;
  constructor(name: string, args: FunctionAccessArgs, opts?: pulumi.CustomResourceOptions) {
    super("FunctionAccess", name, { ...secretConnection(args), exposed: undefined }, opts);
  }
}

export interface DefaultPrivilegesArgs extends Connected {
  role: In<string>;
  owner: In<string>;
  schema?: In<string>;
  objectType: In<"table" | "sequence" | "function" | "type" | "schema">;
  privileges: In<In<string>[]>;
  withGrantOption?: In<boolean>;
}
export class DefaultPrivileges extends PgResource {
  constructor(name: string, args: DefaultPrivilegesArgs, opts?: pulumi.CustomResourceOptions) {
    super("DefaultPrivileges", name, secretConnection(args), opts);
  }
}

export interface MigrationArgs extends Connected {
  module: In<string>;
  schema: In<string>;
  directory?: In<string>;
  files: In<MigrationFile[]>;
}
export class Migration extends PgResource {
  declare readonly applied: pulumi.Output<{ name: string; checksum: string; objects: CreatedObject[] }[]>;
  constructor(name: string, args: MigrationArgs, opts?: pulumi.CustomResourceOptions) {
    super("Migration", name, { ...secretConnection(args), applied: undefined }, opts);
  }
}

export interface RowLevelSecurityArgs extends Connected {
  schema: In<string>;
  table: In<string>;
  enabled?: In<boolean>;
  force?: In<boolean>;
}
export class RowLevelSecurity extends PgResource {
  constructor(name: string, args: RowLevelSecurityArgs, opts?: pulumi.CustomResourceOptions) {
    super("RowLevelSecurity", name, secretConnection(args), opts);
  }
}

export interface RlsPolicyArgs extends Connected {
  schema: In<string>;
  table: In<string>;
  name: In<string>;
  command?: In<"ALL" | "SELECT" | "INSERT" | "UPDATE" | "DELETE">;
  permissive?: In<boolean>;
  roles?: In<In<string>[]>;
  using?: In<string>;
  withCheck?: In<string>;
}
export class RlsPolicy extends PgResource {
  declare readonly name: pulumi.Output<string>;
  constructor(name: string, args: RlsPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    super("RlsPolicy", name, { ...secretConnection(args), usingStored: undefined, withCheckStored: undefined }, opts);
  }
}

export interface ViewArgs extends Connected {
  schema: In<string>;
  name: In<string>;
  definition: In<string>;
  securityInvoker?: In<boolean>;
  securityBarrier?: In<boolean>;
}
export class View extends PgResource {
  declare readonly name: pulumi.Output<string>;
  constructor(name: string, args: ViewArgs, opts?: pulumi.CustomResourceOptions) {
    super("View", name, { ...secretConnection(args), definitionStored: undefined }, opts);
  }
}
