// The command the ephemeral tests run inside an ephemeral stack: it records what it can see
// (its database, the support users in it) and then exits, fails, or hangs as asked.
const fs = require("node:fs");
const { Client } = require("pg");

const [out, mode] = process.argv.slice(2);
(async () => {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const users = (await client.query("SELECT id FROM support.users ORDER BY id")).rows.map((r) => r.id);
  const current = (await client.query("SELECT current_database() AS db")).rows[0].db;
  await client.end();
  const supabase = {
    url: process.env.SUPABASE_URL,
    publishableKey: process.env.SUPABASE_PUBLISHABLE_KEY,
    secretKey: process.env.SUPABASE_SECRET_KEY,
    anonKey: process.env.SUPABASE_ANON_KEY,
    serviceRoleKey: process.env.SUPABASE_SERVICE_ROLE_KEY,
  };
  fs.writeFileSync(out, JSON.stringify({ stack: process.env.SUPASTACK_STACK, database: process.env.PGDATABASE, current, users, supabase }));
  if (mode === "fail") process.exit(7);
  if (mode === "hang") setInterval(() => undefined, 1_000);
})().catch((error) => {
  console.error(error);
  process.exit(99);
});
