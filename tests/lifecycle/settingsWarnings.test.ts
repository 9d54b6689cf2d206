import { expect } from "chai";
import type { OdinSimulator } from "../../provider/simulator";
import { OdinStack, enterpriseTrunk, startOdin, tempDir, trunkGroup, webexTrunk } from "../engine/fixtures";
import type { RunSummary } from "../engine/types";

/**
 * What the providers say about the stack config, through the test engine:
 * checked at configure, so at `pulumi preview`, on the provider host's
 * stderr, which the engine shows as the command's output (an info#err line
 * per line the host prints). Each warning once per command, however many
 * resources (and kinds) of an API the stack has.
 */
const hostLines = (s: RunSummary) => s.diagnostics.filter((d) => d.severity === "info#err" && d.urn === undefined).map((d) => d.message);
const count = (lines: string[], text: string) => lines.filter((l) => l.includes(text)).length;

const TOKEN = "Webex-Token-Not-For-Logs-1";

describe("settings warnings in the provider host, at preview, once", function () {
    this.timeout(120_000);
    let sim: OdinSimulator;
    before(async () => {
        sim = await startOdin();
    });
    after(async () => sim.close());

    const stackWith = (config: Record<string, string>) => {
        const stack = new OdinStack(sim, tempDir("settings-warnings"), {
            config: { "trunking-test:pw": "Trunk-Sip-Passw0rd-1", ...config },
            secretConfig: ["trunking-test:pw", ...Object.keys(config).filter((k) => /token/i.test(k))],
        });
        // Two Odin kinds (their handlers share the host's config) and a Webex one.
        stack.setResources([trunkGroup("a"), trunkGroup("b"), enterpriseTrunk("e", {}, { members: [{ name: "a" }] }), webexTrunk("w", { name: "LGW W" })]);
        return stack;
    };

    it("a misspelt odin: key (with the nearest name), a deprecated one and a misspelt webex: key are each said once, at a preview that writes nothing", async () => {
        const stack = stackWith({ "odin:baseURL": "https://odin.example.net/api/v2", "odin:maxInFlight": "4", "webex:acessToken": TOKEN });
        sim.clearRequests();
        const s = await stack.engine.preview();
        const lines = hostLines(s);
        expect(count(lines, "unknown stack config key odin:baseURL; did you mean odin:baseUrl?"), lines.join("\n")).to.equal(1);
        expect(count(lines, "odin:maxInFlight is deprecated: set odin:concurrency (or ODIN_CONCURRENCY) to 4")).to.equal(1);
        expect(count(lines, "unknown stack config key webex:acessToken; did you mean webex:accessToken?")).to.equal(1);
        expect(lines.every((l) => l.startsWith("[pulumi-trunking odin warn] ") || l.startsWith("[pulumi-trunking webex warn] ")), lines.join("\n")).to.equal(true);
        expect(lines.join("\n")).not.to.contain(TOKEN);
        // A preview only reads (the trunk groups' capacity, judged before any write).
        expect(sim.requests().filter((r) => r.method !== "GET" && r.path !== "/auth/token")).to.deep.equal([]);
    });

    it("every command configures the host anew and says it again, once; a clean config says nothing", async () => {
        const stack = stackWith({ "odin:maxRetry": "2" });
        stack.setResources([trunkGroup("a"), trunkGroup("b")]);
        const up = await stack.engine.up();
        expect(count(hostLines(up), "unknown stack config key odin:maxRetry; did you mean odin:maxRetries?")).to.equal(1);
        const again = await stack.engine.preview();
        expect(count(hostLines(again), "odin:maxRetry")).to.equal(1);
        stack.engine.removeConfig("odin:maxRetry");
        stack.engine.setConfig("odin:adoptExisting", "false");
        expect(hostLines(await stack.engine.preview()).filter((l) => l.includes("pulumi-trunking"))).to.deep.equal([]);
    });
});
