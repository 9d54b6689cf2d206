import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO } from "./cli";
import { parse as parseYaml } from "yaml";
import { ReadmeShell, builtTree, readmeCommands } from "./readme";

/** A project's runtime name (`runtime: yaml` or `runtime: {name: nodejs, options}`). */
export function runtimeOf(dir: string): string {
    const r = parseYaml(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")).runtime;
    return typeof r === "string" ? r : r?.name;
}

/**
 * Every example under examples/ that is a Node.js Pulumi project of its own
 * (the YAML and Python ones, which use the provider plugin, run in plugin.e2e.ts), run as
 * its README says (the commands read from the README itself, on a copy of
 * the tree where `npm ci && npm run build` ran once, as the READMEs ask),
 * through the real pulumi CLI; around them what a pipeline adds: a preview
 * before the first up, then a second up that must change nothing, a refresh
 * that must find nothing, and destroy.
 */
const EXAMPLES = fs
    .readdirSync(path.join(REPO, "examples"))
    .filter((d) => fs.existsSync(path.join(REPO, "examples", d, "Pulumi.yaml")) && runtimeOf(path.join(REPO, "examples", d)) === "nodejs")
    .sort();

describe("every example project through the real pulumi CLI", function () {
    this.timeout(1_800_000);

    it("examples/ has the projects this suite runs", () => {
        expect(EXAMPLES).to.include.members(["adopt", "quickstart", "webex-and-broadworks"]);
    });

    for (const name of EXAMPLES) {
        describe(`examples/${name}`, () => {
            let shell: ReadmeShell;
            let dir: string;

            before(async () => {
                dir = path.join(await builtTree(), "examples", name);
                let compiled: string | undefined;
                // The Node.js language host would run index.ts with ts-node; the program server takes the
                // example compiled with its own tsconfig and TypeScript, after the README's npm install.
                shell = new ReadmeShell(dir, () => {
                    if (!compiled) {
                        execFileSync(process.execPath, [path.join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", dir], { cwd: dir, stdio: "inherit" });
                        compiled = path.join(dir, "bin", "index.js");
                    }
                    return compiled;
                });
            });
            after(() => shell?.close());

            it("preview, the README's commands, a second up and a refresh that change nothing, destroy", async () => {
                const commands = readmeCommands(/^## Run it/i, path.join(dir, "README.md"));
                const firstUp = commands.findIndex((c) => /^pulumi up\b/.test(c));
                expect(firstUp, `examples/${name}/README.md runs pulumi up`).to.be.greaterThan(0);
                for (const [i, c] of commands.entries()) {
                    if (i === firstUp) {
                        const preview = await shell.run("pulumi preview");
                        expect(preview.output).to.match(/Resources:\s+\+ \d+ to create/);
                    }
                    await shell.run(c);
                }
                const again = await shell.run("pulumi up --expect-no-changes");
                expect(again.output).to.match(/Resources:\s+\d+ unchanged/);
                await shell.run("pulumi refresh --expect-no-changes");
                await shell.run("pulumi destroy");
                const left = JSON.parse((await shell.run("pulumi stack export")).output).deployment.resources ?? [];
                expect(left.filter((r: { type: string }) => r.type.startsWith("pulumi-nodejs:dynamic"))).to.deep.equal([]);
            });
        });
    }
});
