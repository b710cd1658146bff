// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "dist/**",
      "functions/dist/**",
      "**/*.js",
      "**/*.mjs",
      ".bench/**",
      // A program that does not parse, on purpose (tools/engine reports its compile error).
      "test/fixtures/broken-syntax/**",
      // A program with a type error, on purpose (the type check reports it, tools/engine/type-check.ts).
      "test/fixtures/type-error/**",
      // JavaScript in a .ts file, on purpose (runtime.options.typescript: false loads it as such).
      "test/fixtures/typescript-off-js/**",
      // Projects with compiler settings of their own (decorators, ES modules, paths, ES2020 class
      // fields) that Tachyon's tsconfig does not share; each type-checks under its own tsconfig.
      "test/fixtures/decorators/**",
      "test/fixtures/esm/**",
      "test/fixtures/esm-tsconfig/**",
      "test/fixtures/main-src/**",
      "test/fixtures/paths-alias/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { "@pulumi": pulumi },
    rules: {
      "@pulumi/no-output-in-template-literal": "error",
      "@pulumi/no-output-instance-in-template-literal": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/restrict-template-expressions": [
        "error",
        { allowNumber: true, allowBoolean: true },
      ],
    },
  },
  {
    files: ["test/**/*.ts", "bench/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-floating-promises": "error",
    },
  },
);
