import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "stacks/**/*.test.ts", "program/**/*.test.ts", "automation/**/*.test.ts", "verify/**/*.test.ts", "modules/**/*.test.ts", "seedkit/**/*.test.ts", "providers/**/*.test.ts", "local/**/*.test.ts", "seeds/**/*.test.ts", "cli/**/*.test.ts"],
    globalSetup: ["test/helpers/global-setup.ts"],
    // Real PostgreSQL and the real engine: generous timeouts, two files at a time on 2 cores.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: "forks",
    maxWorkers: 2,
    reporters: ["default"],
  },
});
