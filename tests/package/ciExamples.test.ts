import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

/**
 * examples/ci/ is what users copy into their pipelines: it must run the
 * package on a Node line its engines accept, install the program's
 * dependencies before Pulumi runs, and take every credential from the secret
 * store.
 */
const REPO = path.resolve(__dirname, "..", "..", "..");
const PKG = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
const MIN_NODE = Number(/^>=(\d+)/.exec(PKG.engines.node)?.[1]);

/** The inputs pulumi/actions documents (v6 README). */
const PULUMI_ACTION_INPUTS = new Set([
    "command", "stack-name", "work-dir", "cloud-url", "comment-on-pr", "comment-on-summary", "github-token", "refresh",
    "secrets-provider", "color", "log-verbosity", "log-flow", "debug", "config-map", "diff", "comment-on-pr-number",
    "edit-pr-comment", "expect-no-changes", "message", "parallel", "policyPacks", "policyPackConfigs", "pulumi-version",
    "pulumi-version-file", "remove", "replace", "target", "target-dependents", "upsert", "exclude-protected",
    "suppress-outputs", "suppress-progress", "omit-stdout", "plan", "always-include-summary", "continue-on-error",
]);

describe("examples/ci", () => {
    const workflow = parse(fs.readFileSync(path.join(REPO, "examples", "ci", "github-actions.yml"), "utf8"));
    const job = Object.values(workflow.jobs as Record<string, any>)[0];
    const steps = job.steps as Array<Record<string, any>>;
    const index = (pred: (s: Record<string, any>) => boolean) => steps.findIndex(pred);

    it("engines.node names a minimum (>=N)", () => {
        expect(MIN_NODE).to.be.at.least(22);
    });

    it("the GitHub workflow sets up a Node line the package supports, an LTS one", () => {
        const setup = steps[index((s) => String(s.uses).startsWith("actions/setup-node@"))];
        expect(setup, "an actions/setup-node step").to.be.an("object");
        const major = Number(String(setup.with["node-version"]).split(".")[0]);
        expect(major, `node-version ${setup.with["node-version"]}`).to.be.at.least(MIN_NODE);
        expect(major % 2, "an even (LTS) line").to.equal(0);
    });

    it("installs the program's dependencies before the Pulumi action, which does not", () => {
        const install = index((s) => typeof s.run === "string" && /\bnpm (ci|install)\b/.test(s.run));
        const pulumi = index((s) => String(s.uses).startsWith("pulumi/actions@"));
        expect(install).to.be.at.least(0);
        expect(pulumi).to.be.greaterThan(install);
        expect(index((s) => String(s.uses).startsWith("actions/setup-node@"))).to.be.lessThan(install);
    });

    it("uses the Pulumi action only to install the CLI (no command); the steps run preview on pull requests, up on main", () => {
        const step = steps[index((s) => String(s.uses).startsWith("pulumi/actions@"))];
        expect(Object.keys(step.with ?? {}).filter((k) => !PULUMI_ACTION_INPUTS.has(k))).to.deep.equal([]);
        expect(step.with?.command, "without a command the action stops after installing Pulumi").to.equal(undefined);
        const preview = steps[index((s) => typeof s.run === "string" && /\bpulumi preview\b/.test(s.run))];
        const up = steps[index((s) => typeof s.run === "string" && /\bpulumi up\b/.test(s.run))];
        expect(preview.if).to.equal("github.event_name == 'pull_request'");
        expect(up.if).to.equal("github.event_name == 'push'");
        expect(job.env.PULUMI_STACK).to.be.a("string").and.not.equal("");
    });

    it("takes every credential from the secret store", () => {
        const env = job.env as Record<string, string>;
        const credentials = Object.keys(env).filter((k) => /PASSWORD|TOKEN|PASSPHRASE|SECRET/.test(k));
        expect(credentials).to.include.members(["ODIN_PASSWORD", "PULUMI_ACCESS_TOKEN"]);
        for (const k of credentials) {
            expect(env[k], k).to.match(/^\$\{\{\s*secrets\.\w+\s*\}\}$/);
        }
    });
});
