#!/usr/bin/env node
// Writes tests/fixtures/github-workflow.schema.json: SchemaStore's JSON schema for GitHub
// Actions workflows (Apache-2.0), as the npm package @action-validator/core carries it
// (compiled into its WebAssembly, byte for byte). Run it to update the copy the tests use:
//   node scripts/github-workflow-schema.js [version]
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const version = process.argv[2] || "0.6.0";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "workflow-schema-"));
try {
    const tgz = execFileSync("npm", ["pack", "--silent", `@action-validator/core@${version}`], { cwd: tmp, encoding: "utf8" }).trim().split("\n").pop();
    execFileSync("tar", ["xzf", tgz, "package/action_validator_bg.wasm"], { cwd: tmp });
    const wasm = fs.readFileSync(path.join(tmp, "package", "action_validator_bg.wasm")).toString("latin1");
    const id = wasm.indexOf('"$id": "https://json.schemastore.org/github-workflow.json"');
    if (id < 0) throw new Error("the workflow schema is not in this version of @action-validator/core");
    const start = wasm.lastIndexOf("{\n", id);
    // The object's end: the brace that closes the first one, outside strings.
    let depth = 0, inString = false, end = -1;
    for (let i = start; i < wasm.length; i++) {
        const c = wasm[i];
        if (inString) {
            if (c === "\\") i++;
            else if (c === '"') inString = false;
        } else if (c === '"') inString = true;
        else if (c === "{") depth++;
        else if (c === "}" && --depth === 0) { end = i + 1; break; }
    }
    const schema = JSON.parse(Buffer.from(wasm.slice(start, end), "latin1").toString("utf8"));
    const out = path.join(__dirname, "..", "tests", "fixtures", "github-workflow.schema.json");
    fs.writeFileSync(out, JSON.stringify(schema, null, 2) + "\n");
    console.log(`wrote ${out} (from @action-validator/core@${version})`);
} finally {
    fs.rmSync(tmp, { recursive: true, force: true });
}
