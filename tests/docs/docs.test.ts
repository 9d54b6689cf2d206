/**
 * The README and docs/ as a new user reads them: short enough, every link
 * and anchor lands somewhere, no word only this project's own history
 * explains, the seed examples load, and each short flag the README uses is
 * one the command's --help lists.
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startOdinSimulator, startWebexSimulator } from "../../provider/simulator";

const root = path.resolve(__dirname, "../../..");
const readme = path.join(root, "README.md");
const docsDir = path.join(root, "docs");

function markdownFiles(): string[] {
    return [readme, ...fs.readdirSync(docsDir).filter((f) => f.endsWith(".md")).map((f) => path.join(docsDir, f))];
}

/** Text outside fenced code blocks and inline code: where links live. */
function prose(text: string): string {
    return text.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "``");
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function anchorsOf(text: string): Set<string> {
    const seen = new Map<string, number>();
    const anchors = new Set<string>();
    for (const line of text.replace(/^```[\s\S]*?^```/gm, "").split("\n")) {
        const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
        if (!m) {
            continue;
        }
        const slug = m[1]
            .toLowerCase()
            .replace(/[^\p{L}\p{N}\s_-]/gu, "")
            .replace(/\s/g, "-");
        const n = seen.get(slug) ?? 0;
        seen.set(slug, n + 1);
        anchors.add(n === 0 ? slug : `${slug}-${n}`);
    }
    return anchors;
}

function links(text: string): string[] {
    return [...prose(text).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
}

describe("README and docs/", () => {
    it("the README stays a short user guide (at most 300 lines)", () => {
        const lines = fs.readFileSync(readme, "utf8").split("\n").length;
        expect(lines, "README.md lines").to.be.at.most(300);
    });

    it("starts with the two fresh-machine commands", () => {
        const head = fs.readFileSync(readme, "utf8").split("\n").slice(0, 10).join("\n");
        expect(head).to.include("npm ci && npm run demo");
        expect(head).to.include("npm ci && npm test");
    });

    it("every relative link and anchor in README.md and docs/*.md resolves", () => {
        const broken: string[] = [];
        let checked = 0;
        for (const file of markdownFiles()) {
            const text = fs.readFileSync(file, "utf8");
            for (const link of links(text)) {
                if (/^[a-z][a-z0-9+.-]*:/i.test(link)) {
                    continue; // https:, mailto: and the like
                }
                checked++;
                const [target, anchor] = link.split("#", 2);
                const resolved = target === "" ? file : path.resolve(path.dirname(file), decodeURIComponent(target));
                const where = `${path.relative(root, file)}: (${link})`;
                if (!resolved.startsWith(root) || !fs.existsSync(resolved)) {
                    broken.push(`${where}: no ${path.relative(root, resolved)}`);
                    continue;
                }
                if (anchor !== undefined) {
                    if (!resolved.endsWith(".md") || !anchorsOf(fs.readFileSync(resolved, "utf8")).has(anchor)) {
                        broken.push(`${where}: no heading #${anchor} in ${path.relative(root, resolved)}`);
                    }
                }
            }
        }
        expect(broken, broken.join("\n")).to.deep.equal([]);
        expect(checked).to.be.greaterThan(20);
    });

    it("the anchor rule is GitHub's", () => {
        expect([...anchorsOf("# A: b `c`\n## Why not `import`.\n## x\n## x")]).to.deep.equal(["a-b-c", "why-not-import", "x", "x-1"]);
    });

    it("uses no word only the project's history explains", () => {
        const found: string[] = [];
        for (const file of markdownFiles()) {
            fs.readFileSync(file, "utf8")
                .split("\n")
                .forEach((line, i) => {
                    for (const re of [/\bseed 0\d\d\b/i, /\bissue \d+\b/i, /\bfinding \d+\b/i]) {
                        if (re.test(line)) {
                            found.push(`${path.relative(root, file)}:${i + 1}: ${line.trim()}`);
                        }
                    }
                });
        }
        const inReadme = fs.readFileSync(readme, "utf8").match(/odins_spear|wxc_sdk/g) ?? [];
        expect(found, found.join("\n")).to.deep.equal([]);
        expect(inReadme, "library names the README's reader need not know").to.deep.equal([]);
    });

    it("the seed examples in docs/simulators.md load into the simulators as trunking-sim judges seeds", async () => {
        const text = fs.readFileSync(path.join(docsDir, "simulators.md"), "utf8");
        const blocks = [...text.matchAll(/^```json\n([\s\S]*?)^```/gm)].map((m) => JSON.parse(m[1]) as Record<string, unknown>);
        const odinSeed = blocks.find((b) => "serviceProviders" in b);
        const webexSeed = blocks.find((b) => "trunks" in b);
        expect(odinSeed, "an Odin seed example").to.not.equal(undefined);
        expect(webexSeed, "a Webex seed example").to.not.equal(undefined);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "docs-seed-"));
        try {
            fs.writeFileSync(path.join(dir, "odin.json"), JSON.stringify(odinSeed));
            fs.writeFileSync(path.join(dir, "webex.json"), JSON.stringify(webexSeed));
            const odin = await startOdinSimulator({ seed: path.join(dir, "odin.json"), strictSeed: true });
            const webex = await startWebexSimulator({ seed: path.join(dir, "webex.json"), strictSeed: true });
            try {
                expect(odin.state().serviceProviders[0].groups?.[0].trunkGroups).to.have.length(2);
                expect(webex.state().trunks ?? []).to.have.length(2);
            } finally {
                await odin.close();
                await webex.close();
            }
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("every short flag the README gives a command is in that command's --help", () => {
        const text = fs.readFileSync(readme, "utf8");
        const missing: string[] = [];
        let seen = 0;
        for (const cli of ["trunking-capacity", "trunking-discover", "trunking-sim"]) {
            const help = execFileSync(process.execPath, [path.join(root, "dist/bin", `${cli}.js`), "--help"], { encoding: "utf8" });
            for (const line of text.split("\n").filter((l) => l.includes(cli))) {
                const command = line.slice(line.indexOf(cli));
                for (const m of command.matchAll(/(?:^|\s|\[)(-[a-zA-Z])\b/g)) {
                    seen++;
                    if (!new RegExp(`(^|[\\s\\[(|,])${m[1]}[\\s,|\\]]`, "m").test(help)) {
                        missing.push(`${cli} ${m[1]}`);
                    }
                }
            }
        }
        expect(missing, missing.join("\n")).to.deep.equal([]);
        expect(seen).to.be.greaterThan(2);
    });
});
