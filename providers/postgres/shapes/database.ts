// Shape of Database: a database of its own on a PostgreSQL server, made Supabase-shaped on creation.
import { z } from "zod";
import { connectionField, ownName } from "../fields";

export const databaseSchema = z.object({
  /** A connection to the server's maintenance database (postgres) as a role that may create databases (postgres); a secret. */
  connection: connectionField,
  /**
   * A superuser's connection to the same server (supabase_admin on the local server), used only to
   * make the new database Supabase-shaped, as Supabase itself does; a secret. Unset: `connection`
   * must be a superuser's when supabaseBootstrap is on. Never compared: it says who acts, not what.
   */
  adminConnection: z.string().min(1, "adminConnection must be a PostgreSQL connection string").optional(),
  /** The database's name (not postgres, template0 or template1). */
  name: ownName("name").refine((n) => !["postgres", "template0", "template1"].includes(n), "must not be postgres, template0 or template1"),
  /** Add the Supabase roles, auth schema and auth functions (as a Supabase project has them). Default true. */
  supabaseBootstrap: z.boolean().default(true),
  /**
   * Refuse to drop rows: a delete (or, for Migration, a new file) that would remove rows from tables
   * that hold some fails naming each table and its rows, unless the run allows it
   * (SUPASTACK_ALLOW_DATA_LOSS=1; supastack's --allow-data-loss). Default true; supastack's program
   * turns it off on the local dev stack and on ephemeral stacks.
   */
  protectRows: z.boolean().default(true),
});
export type DatabaseInputs = z.infer<typeof databaseSchema>;
