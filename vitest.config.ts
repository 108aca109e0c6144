import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "packages/*/test/**/*.test.ts",
      "hooks/*/test/**/*.test.ts",
      "actions/*/test/**/*.test.ts",
      "test/**/*.test.ts",
    ],
    exclude: ["**/node_modules/**", "**/dist/**"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // 2-core machines: e2e tests spawn node and git; keep parallelism modest.
    maxWorkers: 2,
  },
});
