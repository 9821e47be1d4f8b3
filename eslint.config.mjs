// ESLint for Latchkey (`npm run lint`, part of `npm test`): typescript-eslint's recommended
// rules, the rules of hooks, no import cycles, and the data-access rule: pages and components
// read and write through lib/ functions, never the database client (style guide, issue 9).
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["lib/db/generated/**", ".next/**", ".next-*/**", "next-env.d.ts", "test-results/**", "playwright-report/**", "tests/.data/**", "data/**"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    plugins: { "import-x": importX },
    settings: {
      // TypeScript files parsed by typescript-eslint, so import-x follows imports through them.
      ...importX.flatConfigs.typescript.settings,
      "import-x/resolver": undefined,
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "tsconfig.json" })],
    },
    rules: {
      "import-x/no-cycle": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // `import type` for types (style guide); `import("…")` in a type stays allowed for lazy modules.
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
    },
  },
  {
    // Playwright fixtures are asked for by naming them in the first parameter (`async ({}, use)`
    // when none, `{ page, account }` to be signed in without using `account`).
    files: ["tests/e2e/**"],
    rules: {
      "no-empty-pattern": "off",
      "@typescript-eslint/no-unused-vars": ["error", { args: "none", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    // Files the browser loads as they are: the push service worker.
    files: ["public/**/*.js"],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  {
    // React code: the rules of hooks. (Playwright fixtures call a `use` function that is no hook.)
    files: ["app/**", "components/**"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error" },
  },
  {
    files: ["app/**", "components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/db/client", "@/lib/db/generated", "@/lib/db/generated/*", "**/lib/db/client", "**/lib/db/generated/**"],
              message: "Pages and components read and write through lib/ functions, which check who may see the data.",
            },
          ],
        },
      ],
    },
  },
);
