// Seeds the example's database: supastack's jobs and support generators and our own crm generator
// in one all-or-nothing run. DATABASE_URL=postgresql://... npm run seed
import { seed } from "supastack";
import { crm } from "./module";

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("set DATABASE_URL to the database the stack applied to");
  const result = await seed({ databaseUrl, modules: ["jobs", "support", crm], profile: "dev", seed: 1 });
  for (const t of result.tables) console.log(`${t.table.padEnd(28)} ${String(t.rows).padStart(7)}`);
  console.log(`${result.rows} rows in ${(result.ms / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
