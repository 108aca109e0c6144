// ESLint flat config: typescript-eslint type-aware rules, plus the core's boundary rules.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

export default tseslint.config(
  {
    ignores: [
      "**/dist/**",
      "**/node_modules/**",
      "examples/**",
      "test/bench/**",
      "**/*.js",
      "**/*.mjs",
      "**/*.cjs",
      "vitest.config.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    // The core is pure: no CLI/action/git libraries, no process, no printing, no fs outside src/node.
    files: ["packages/core/src/**"],
    ignores: ["packages/core/src/node/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            "commander",
            "@actions/*",
            "simple-git",
            "node:fs",
            "node:fs/*",
            "fs",
            "node:child_process",
            "child_process",
            "node:process",
          ],
        },
      ],
      "no-restricted-globals": ["error", "process"],
      "no-console": "error",
    },
  },
  {
    files: ["packages/core/src/node/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["commander", "@actions/*", "simple-git"] }],
      "no-console": "error",
    },
  },
  {
    // Actions import core's narrow entries (@hush/core/sops, …): the root re-exports the detector,
    // and whatever it reaches lands in the committed bundle (test/e2e/action-bundle.test.ts).
    files: ["actions/*/src/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@hush/core",
              message: "import a narrow entry (@hush/core/sops, /errors, …)",
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // A CommonJS TypeScript file imports with `import x = require(…)`, the only form it has.
    files: ["**/*.cts"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["**/test/**"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  prettier,
);
