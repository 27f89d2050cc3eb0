import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // PGlite's first start is ~3.4 s and CREATE DATABASE on real Postgres ~0.2 s: generous per-test timeouts
    // keep a busy 2-core CI machine from flaking. Timing is measured in bench/, never asserted here.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    globalSetup: ["test/support/global-setup.ts"],
  },
});
