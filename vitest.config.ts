import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Every answer a test receives is held to its route's declared schema (platform/response-check.ts).
    env: { LANTERN_CHECK_RESPONSES: "1" },
  },
});
