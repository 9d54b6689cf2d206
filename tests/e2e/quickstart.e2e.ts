import { expect } from "chai";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { parse } from "yaml";
import { OdinClient } from "../../provider/odin/client";
import { ReadmeShell, builtTree, readmeCommands } from "./readme";

/**
 * The README's quick start, command by command as written, on a copy of this
 * tree: when the README and what works drift apart, this fails. The commands
 * are read from the README itself (the first bash block under the heading
 * "Quick start"); see ReadmeShell for the only things added to them.
 */
describe("the README's quick start through the real pulumi CLI", function () {
    this.timeout(1_200_000);
    let tree: string;
    let shell: ReadmeShell;

    before(async () => {
        tree = await builtTree();
        // Pulumi.yaml's main, as `npm run build` compiles it (the Node.js language host would run it with ts-node).
        shell = new ReadmeShell(tree, () => {
            const main = String(parse(fs.readFileSync(path.join(tree, "Pulumi.yaml"), "utf8")).main ?? ".");
            return path.join(tree, "dist", main, "index.js");
        });
    });
    after(() => shell?.close());

    it("every command succeeds, and the trunk groups and the capacity report are what the quick start declares", async () => {
        // The first command builds the tree; builtTree() ran it, as on a fresh clone.
        const commands = readmeCommands(/quick start/i);
        expect(commands[0]).to.equal("npm ci && npm run build");
        expect(commands.some((c) => /^pulumi up\b/.test(c)), "the quick start runs pulumi up").to.equal(true);
        for (const c of commands.slice(1)) {
            await shell.run(c);
        }
        const port = shell.simulatorPort;
        expect(port, "the quick start starts the simulator").to.be.a("number");

        // What the program declares is what BroadWorks now has.
        const odin = new OdinClient({ baseUrl: `http://127.0.0.1:${port}/api/v2`, username: "admin", password: "admin" });
        const declared = fs.readFileSync(path.join(tree, "examples", "quickstart", "program.ts"), "utf8");
        for (const name of ["PBX A", "PBX B", "SBC Edge"].filter((n) => declared.includes(`"${n}"`))) {
            const { data: found } = await odin.transport.request<{ name: string }>({ method: "GET", path: "/groups/trunk-groups", query: { serviceProviderId: "SP1", groupId: name === "SBC Edge" ? "G2" : "G1", name } });
            expect(found.name).to.equal(name);
        }

        // The last command printed the capacity report as JSON, with the program's trunk groups in it.
        const last = shell.steps[shell.steps.length - 1];
        expect(last.line).to.match(/pulumi stack output capacity --json/);
        const report = JSON.parse(last.output);
        expect(report.serviceProviderId).to.equal("SP1");
        const lines = report.groups.flatMap((g: { trunkGroups: Array<{ name: string }> }) => g.trunkGroups.map((t) => t.name));
        expect(lines).to.include.members(["PBX A", "PBX B", "SBC Edge"]);

        // The SIP password went in as a secret and stays one.
        const secret = shell.steps.find((s) => /config set --secret \S*SipPassword/i.test(s.line));
        expect(secret, "the quick start sets the SIP password as a secret").to.not.equal(undefined);
        const value = /'([^']+)'\s*$/.exec(secret!.line)?.[1] ?? secret!.line.split(/\s+/).pop()!;
        for (const s of shell.steps.filter((x) => x !== secret)) {
            expect(s.output, `${s.line} printed the SIP password`).not.to.contain(value);
        }

        // Nothing the README started outlives it: a simulator left running (npx starts it two processes
        // down) kept this process's pipes open, and mocha, and CI, never exited.
        shell.close();
        expect(await listening(port!), "the README's simulator still answers after the shell closed").to.equal(false);
    });
});

/** Whether 127.0.0.1:port accepts a connection, within 5 s of asking (a killed server's socket closes at once). */
async function listening(port: number): Promise<boolean> {
    const until = Date.now() + 5000;
    for (;;) {
        const open = await new Promise<boolean>((resolve) => {
            const s = net.connect(port, "127.0.0.1");
            s.once("connect", () => {
                s.destroy();
                resolve(true);
            });
            s.once("error", () => resolve(false));
        });
        if (!open || Date.now() > until) {
            return open;
        }
        await new Promise((r) => setTimeout(r, 200));
    }
}
