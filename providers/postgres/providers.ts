// Every Postgres resource kind's provider, by kind (gathered with the other families in ../registry.ts).
import type * as pulumi from "@pulumi/pulumi";
import { pgProvider } from "./provider";
import { dataApiSchemasSpec } from "./providers/dataApiSchemas";
import { databaseSpec } from "./providers/database";
import { defaultPrivilegesSpec } from "./providers/defaultPrivileges";
import { extensionSpec } from "./providers/extension";
import { functionAccessSpec } from "./providers/functionAccess";
import { grantSpec } from "./providers/grant";
import { migrationSpec } from "./providers/migration";
import { rlsPolicySpec } from "./providers/rlsPolicy";
import { roleSpec } from "./providers/role";
import { rowLevelSecuritySpec } from "./providers/rowLevelSecurity";
import { schemaSpec } from "./providers/schema";
import { viewSpec } from "./providers/view";

export const postgresProviders: Record<string, pulumi.dynamic.ResourceProvider> = {
  Database: pgProvider(databaseSpec),
  DataApiSchemas: pgProvider(dataApiSchemasSpec),
  Role: pgProvider(roleSpec),
  Schema: pgProvider(schemaSpec),
  Extension: pgProvider(extensionSpec),
  Grant: pgProvider(grantSpec),
  FunctionAccess: pgProvider(functionAccessSpec),
  DefaultPrivileges: pgProvider(defaultPrivilegesSpec),
  Migration: pgProvider(migrationSpec),
  RowLevelSecurity: pgProvider(rowLevelSecuritySpec),
  RlsPolicy: pgProvider(rlsPolicySpec),
  View: pgProvider(viewSpec),
};
