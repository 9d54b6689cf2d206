import { expect } from "chai";
import { spawn } from "child_process";
import * as path from "path";
import { cleanEnv } from "../engine/hostProcess";

const DEMO = path.resolve(__dirname, "..", "..", "examples", "demo", "run.js");

/**
 * `npm run demo` where the Pulumi CLI is absent (TRUNKING_DEMO_RUNNER=test-engine makes it so even
 * where one is installed): the quickstart applied twice through the test
 * engine, the second time with nothing to do, then destroyed.
 */
describe("npm run demo without the Pulumi CLI", function () {
    this.timeout(180_000);

    it("applies the quickstart through the test engine, finds nothing to change the second time", async () => {
        const child = spawn(process.execPath, [DEMO], { env: { ...cleanEnv(process.env), TRUNKING_DEMO_RUNNER: "test-engine" }, stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        child.stdout.on("data", (d: Buffer) => (out += d.toString()));
        child.stderr.on("data", (d: Buffer) => (out += d.toString()));
        const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
        expect(code, out).to.equal(0);
        expect(out).to.contain("== pulumi up (test engine)");
        expect(out).to.contain("created 3 trunk groups:");
        expect(out).to.contain("0 changes, 0 write requests to the API");
    });
});
