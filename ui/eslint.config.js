// The UI's linter: JavaScript's and TypeScript's recommended rules, Svelte's, and two rules about the shape of
// the code — no import cycles, and no feature reaching into another feature's files (what features share lives
// in src/lib). Rules that need type information are left out on purpose: svelte-check already type-checks, and
// without them the lint stays fast.
import js from "@eslint/js";
import { createNodeResolver, importX } from "eslint-plugin-import-x";
import svelte from "eslint-plugin-svelte";
import { defineConfig } from "eslint/config";
import globals from "globals";
import ts from "typescript-eslint";

export default defineConfig(
  { ignores: ["dist/", "node_modules/"] },
  js.configs.recommended,
  ts.configs.recommended,
  svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The script inside a .svelte file is TypeScript. Every file gets this, not only .svelte ones: import-x parses
    // the files an import leads to with the options of the file being linted, and those include .svelte files.
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: [".svelte"] } },
  },
  {
    files: ["vite.config.ts", "eslint.config.js"],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".js", ".svelte"] })],
      "import-x/extensions": [".ts", ".js", ".svelte"],
      "import-x/parsers": { "svelte-eslint-parser": [".svelte"], "@typescript-eslint/parser": [".ts"] },
    },
    rules: {
      // Modules in node_modules are not followed: a cycle there is not ours, and following them is most of the time.
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      // Type-only imports are erased at build time (`verbatimModuleSyntax`); this keeps them marked as such.
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // `_name` marks an argument or binding kept for its position only.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // One feature does not import another feature's files: what two features share moves to src/lib.
    files: ["src/features/connections/**"],
    rules: { "no-restricted-imports": ["error", { patterns: featuresOtherThan("connections") }] },
  },
  {
    files: ["src/features/models/**"],
    rules: { "no-restricted-imports": ["error", { patterns: featuresOtherThan("models") }] },
  },
  {
    files: ["src/features/playground/**"],
    rules: { "no-restricted-imports": ["error", { patterns: featuresOtherThan("playground") }] },
  },
  {
    // src/lib is below every feature: it imports none of them.
    files: ["src/lib/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/features/**"], message: "src/lib is shared by every feature and imports none." }] },
      ],
    },
  },
);

/** Import patterns naming any feature folder but `own`, however deep the relative path. */
function featuresOtherThan(own) {
  const others = ["connections", "models", "playground"].filter((name) => name !== own);
  return [
    {
      group: others.flatMap((name) => [`**/features/${name}/**`, `../${name}/**`, `../../${name}/**`, `../../../${name}/**`]),
      message: "A feature does not import another feature's files; move what both need to src/lib.",
    },
  ];
}
