import js from "@eslint/js";
import tseslint from "typescript-eslint";

// The simulators are independent models of the real APIs, written from the
// reference and third-party clients: importing the product's code (its
// types, enum lists or helpers) would make them accept whatever the product
// believes. Relative imports that climb out of provider/simulator are refused,
// whatever folder they reach (odin, webex, http, capacity, util, kit, dynamic...).
const simulatorMessage =
  "provider/simulator must not import product code: the simulators are independent models of the real APIs (give the simulator its own types).";
const productFromSimulatorRoot = {
  // provider/simulator/*.ts: one "../" already leaves the simulator.
  regex: "^\\.\\./",
  message: simulatorMessage,
};
const productFromSimulatorApi = {
  // provider/simulator/<api>/*.ts: "../../" leaves the simulator.
  regex: "^\\.\\./\\.\\./",
  message: simulatorMessage,
};
const selfPackage = {
  regex: "^pulumi-trunking(/|$)",
  message: simulatorMessage,
};

// The API clients and their settings (provider/odin/*.ts, provider/webex/*.ts)
// are endpoints only: what a resource knows (its schema, how to judge an
// answer about it) is passed in by the resource. A client that imported a
// resource folder would load that resource wherever the client goes (the
// capacity report, discovery), and a new resource would have to edit it.
const clientMessage =
  "the API clients are endpoints only: provider/odin/*.ts and provider/webex/*.ts must not import a resource folder (pass what the resource knows in, e.g. an answer check).";
const resourceFromClient = { regex: "^\\./[^/]+/", message: clientMessage };
const otherApiResource = { regex: "^\\.\\./(odin|webex)/[^/]+/", message: clientMessage };

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "scripts/**", "**/*.js", "**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Dynamic providers must require() their implementation lazily (see provider/dynamic).
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-explicit-any": "off",
      // Errors we rethrow are rebuilt from scrubbed text on purpose: attaching
      // the original as `cause` would carry unscrubbed secrets into logs.
      "preserve-caught-error": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["provider/simulator/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [productFromSimulatorRoot, selfPackage] }] },
  },
  {
    files: ["provider/simulator/*/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [productFromSimulatorApi, selfPackage] }] },
  },
  {
    files: ["provider/odin/*.ts", "provider/webex/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [resourceFromClient, otherApiResource] }] },
  },
  {
    // Benchmarks run without the test tree (and must not measure test helpers).
    files: ["bench/**/*.ts"],
    // One exception: bench/faults.ts prints the figures of the fault run the suite asserts
    // (tests/faults/scenario behind the independent fault proxy), so both measure the same thing.
    ignores: ["bench/faults.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "(^|/)tests(/|$)", message: "bench/** must not import tests/**: move what both need out of tests/." }] },
      ],
    },
  },
);
