// PostgreSQL connection URLs: the database one names, and the same server's URL for another database.

/** The database a connection URL names (decoded); `postgres`, as libpq assumes for this user, when it names none. */
export function databaseOf(connection: string): string {
  return decodeURIComponent(new URL(connection).pathname.replace(/^\//, "")) || "postgres";
}

/** The same server, user, password and parameters as `connection`, on `database`. */
export function withDatabase(connection: string, database: string): string {
  const url = new URL(connection);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}
