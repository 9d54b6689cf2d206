/**
 * What each command's --help shows a user: every short flag the command
 * takes (read from the option tables in its source, so a new one cannot be
 * left out), and for trunking-discover only the flags of the API asked about.
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const root = path.resolve(__dirname, "../../..");

function help(cli: string, ...args: string[]): string {
    return execFileSync(process.execPath, [path.join(root, "dist/bin", `${cli}.js`), ...args, "--help"], { encoding: "utf8" });
}

/** The short flags a source file declares: parseArgs' `short: "x"`, or a hand parser's `case "-x":`. */
function shortFlags(file: string): string[] {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    const shorts = [...text.matchAll(/short:\s*"([A-Za-z])"/g), ...text.matchAll(/case\s+"-([A-Za-z])":/g)].map((m) => `-${m[1]}`);
    return [...new Set(shorts)].sort();
}

function listed(text: string, flag: string): boolean {
    return new RegExp(`(^|[\\s\\[(|,])${flag}[\\s,|\\]]`, "m").test(text);
}

describe("--help of every command", () => {
    const cases: Array<[string, string, string[][]]> = [
        ["trunking-capacity", "bin/trunking-capacity.ts", [[]]],
        ["trunking-sim", "provider/simulator/cliArgs.ts", [[]]],
        ["trunking-discover", "bin/trunking-discover.ts", [[]]],
    ];
    for (const [cli, source, invocations] of cases) {
        it(`${cli}: lists every short flag it takes`, () => {
            const shorts = shortFlags(source);
            expect(shorts.length, `short flags in ${source}`).to.be.greaterThan(0);
            for (const args of invocations) {
                const text = help(cli, ...args);
                expect(
                    shorts.filter((s) => !listed(text, s)),
                    `${cli} ${args.join(" ")} --help`,
                ).to.deep.equal([]);
            }
        });
    }

    it("trunking-discover odin --help is Odin's alone, webex --help Webex's alone, each with its short flags", () => {
        const odin = help("trunking-discover", "odin");
        const webex = help("trunking-discover", "webex");
        expect(odin).to.match(/^usage: trunking-discover odin /);
        expect(odin).to.not.match(/--location|WEBEX_|--token-env|trunking-discover webex/);
        for (const flag of ["-s", "-g", "-o", "-h"]) {
            expect(listed(odin, flag), `odin --help lists ${flag}`).to.equal(true);
        }
        expect(webex).to.match(/^usage: trunking-discover webex /);
        expect(webex).to.not.match(/--service-provider|ODIN_|--password-env|trunking-discover odin/);
        for (const flag of ["-l", "-o", "-h"]) {
            expect(listed(webex, flag), `webex --help lists ${flag}`).to.equal(true);
        }
        // -h after the API name means the same.
        expect(execFileSync(process.execPath, [path.join(root, "dist/bin/trunking-discover.js"), "webex", "-h"], { encoding: "utf8" })).to.equal(webex);
    });
});
