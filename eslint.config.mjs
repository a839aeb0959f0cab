import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { defineConfig, globalIgnores } from "eslint/config";

// Next.js's own flat config (React, hooks, Next rules, TypeScript). Deliberate changes are below,
// each with its reason.
export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // `_`-prefixed names are deliberately unused (destructuring a field away, a required parameter)
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
    },
  },
  {
    // Async server components render once per request on the server: reading the request's clock
    // (Date.now) there is what they should do; the rule is about client re-renders.
    files: ["app/**/page.tsx", "app/**/layout.tsx", "components/plans/rollout-summary.tsx"],
    rules: { "react-hooks/purity": "off" },
  },
  {
    // Playwright fixtures call their `use` callback; it is not React's `use` hook.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  globalIgnores([
    ".next/**",
    "generated/**",
    "data/**",
    ".tmp/**",
    "node_modules/**",
    "bench/results/**",
    "test-results/**",
    "playwright-report/**",
    "e2e/.artifacts/**",
    "next-env.d.ts",
  ]),
]);
