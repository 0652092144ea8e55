// Lint rules that keep the pipeline honest: only src/github talks to GitHub, only src/simulator/aws.ts
// talks to AWS, and no `any` leaks out of the parser boundaries.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const githubImports = { group: ["probot", "probot/*", "@octokit/*"], message: "Only src/github/ may import probot or Octokit." };
const awsImports = { group: ["@aws-sdk/*"], message: "Only src/simulator/aws.ts may call AWS." };

export default tseslint.config(
  { ignores: ["lib/**", "node_modules/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["src/**/*.ts"],
    ignores: ["src/github/**", "src/main.ts", "src/simulator/aws.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [githubImports, awsImports] }] },
  },
  {
    files: ["src/github/**/*.ts", "src/main.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [awsImports] }] },
  },
  {
    files: ["src/simulator/aws.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [githubImports] }] },
  },
  {
    // Plain Node scripts (bin/, scripts/*.mjs): Node's globals.
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: {
      globals: { process: "readonly", URL: "readonly", console: "readonly", Buffer: "readonly", performance: "readonly" },
    },
  },
  {
    files: ["test/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
