import { expect } from "chai";
import { spawnSync } from "child_process";
import * as path from "path";
import { REPO, cliDir } from "./cli";

/** `npm run demo` where the Pulumi CLI is on PATH: it runs the quickstart through it, not through the test engine. */
describe("npm run demo with the real pulumi CLI on PATH", function () {
    this.timeout(600_000);

    it("applies the quickstart through the CLI twice (the second time nothing changes and nothing is written) and prints the report", () => {
        const r = spawnSync(process.execPath, [path.join(REPO, "dist", "examples", "demo", "run.js")], {
            cwd: REPO,
            encoding: "utf8",
            timeout: 540_000,
            env: { ...process.env, PATH: [cliDir(), path.dirname(process.execPath), process.env.PATH].join(path.delimiter), PULUMI_SKIP_UPDATE_CHECK: "true", TRUNKING_DEMO_RUNNER: "cli" },
        });
        const out = `${r.stdout}${r.stderr}`;
        expect(r.status, out).to.equal(0);
        expect(out).to.match(/Using the Pulumi CLI \(v\d+\.\d+\.\d+\)/);
        expect(out).not.to.contain("using the test engine");
        expect(out).to.match(/== pulumi up \(Pulumi CLI\)\ncreated 3 trunk groups:/);
        expect(out).to.contain("0 changes, 0 write requests to the API");
        expect(out).to.match(/Group G1 \(Group One\)[\s\S]*PBX A/);
    });
});
