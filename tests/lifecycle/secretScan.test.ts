import { expect } from "chai";
import * as fs from "fs";
import { OdinSimulator, sampleSeed, startOdinSimulator } from "../../provider/simulator";
import { startWebexSimulator } from "../../provider/simulator/webex";
import type { RunSummary } from "../engine";
import { OdinStack, WEBEX_LOCATIONS, printedErrors, tempDir, trunkGroup, webexTrunk } from "../engine/fixtures";
import { cleanEnv } from "../engine/hostProcess";

/**
 * Everything a user sees or keeps from a realistic run through the test
 * engine, scanned for every credential and SIP password used: the state (its
 * serialized providers included) after each command, the stack outputs that
 * are not secret, every diagnostic and error the CLI prints, what the
 * program printed, and what the provider hosts printed with debug logging on
 * while faults forced retries.
 */
describe("secret scan across both resources, through the test engine", function () {
    this.timeout(180_000);
    const SECRETS = {
        odinPassword: "Odin-Scan-Api-Passw0rd",
        webexToken: "webex-scan-token-7f3a9c2e1b",
        sipA: "Scan-Sip-Secret-A1",
        sipA2: "Scan-Sip-Secret-A2",
        webexTrunk: "Scan-Trunk-Passw0rd-1",
        webexBad: "Bad-Trunk-Passw0rd!",
    };
    let odin: OdinSimulator;
    let webex: Awaited<ReturnType<typeof startWebexSimulator>>;
    let dir: string;

    before(async () => {
        const seed = sampleSeed();
        seed.logins = [{ username: "scan", password: SECRETS.odinPassword }];
        // Faults so the debug log has retries to talk about.
        odin = await startOdinSimulator({ seed, faults: [{ kind: "status", status: 503, probability: 0.2 }], randomSeed: 3 });
        webex = await startWebexSimulator({ tokens: [SECRETS.webexToken], faults: [{ kind: "status", status: 429, retryAfter: "0", probability: 0.2 }], randomSeed: 3 });
        dir = tempDir("scan");
    });
    after(async () => {
        await odin?.close();
        await webex?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("runs up, a secret rotation, refused changes, refresh and destroy with debug logging and retries, and nothing emitted holds a secret", async () => {
        const stack = new OdinStack(odin, dir, {
            config: {
                "odin:username": "scan",
                "odin:password": SECRETS.odinPassword,
                "webex:baseUrl": webex.url,
                "webex:accessToken": SECRETS.webexToken,
                "trunking-test:sip": SECRETS.sipA,
                "trunking-test:pw": SECRETS.webexTrunk,
            },
            secretConfig: ["webex:accessToken", "trunking-test:sip", "trunking-test:pw"],
            hostEnv: { ...cleanEnv(process.env), TRUNKING_DEBUG: "1" },
        });
        const program = (maxActiveCalls = 10) => [
            trunkGroup(
                "scan-a",
                { groupId: "G2", name: "Scan A", maxActiveCalls, requireAuthentication: true, sipAuthenticationUserName: "scana" },
                { secrets: { sipAuthenticationPassword: "sip" }, export: ["id", "trunkGroupState", "sipAuthenticationPassword"] },
            ),
            webexTrunk("scan-w", { name: "Scan Trunk", locationId: WEBEX_LOCATIONS[0].id }, { export: ["id", "linePort"] }),
        ];
        const emitted: string[] = [];
        const record = (s: RunSummary) => {
            const plain = Object.fromEntries(Object.entries(s.outputs).filter(([k]) => !s.secretOutputs.includes(k)));
            // What the CLI prints without --debug. The SDK's own debug lines (RegisterResource RPC
            // finished: …) echo the engine's answers, secret values included: Pulumi's, not ours.
            const printed = s.diagnostics.filter((d) => d.severity !== "debug").map((d) => d.message);
            emitted.push(JSON.stringify(plain), stack.engine.stateText(), printed.join("\n"), printedErrors(s), s.program?.stdout ?? "", s.program?.stderr ?? "");
            return s;
        };

        stack.setResources(program());
        const first = record(await stack.engine.up());
        expect(first.changes).to.deep.equal({ create: 3 });
        expect(first.secretOutputs).to.deep.equal(["scan-a.sipAuthenticationPassword"]);

        stack.engine.setConfig("trunking-test:sip", SECRETS.sipA2, { secret: true });
        const rotated = record(await stack.engine.up());
        expect(rotated.changes).to.deep.equal({ update: 1, same: 2 });

        // Refused: a trunk group above the group's capacity (BroadWorks error), a Webex password with "!" (check).
        stack.setResources(program(500));
        const capacity = record(await stack.engine.up({ expectFailure: true }));
        expect(printedErrors(capacity)).to.match(/capacity/i);
        stack.setResources(program());
        stack.engine.setConfig("trunking-test:pw", SECRETS.webexBad, { secret: true });
        const refused = record(await stack.engine.up({ expectFailure: true }));
        expect(printedErrors(refused)).to.contain("password must not contain");
        stack.engine.setConfig("trunking-test:pw", SECRETS.webexTrunk, { secret: true });

        record(await stack.engine.refresh());
        record(await stack.engine.destroy());
        expect(stack.engine.state().resources).to.deep.equal([]);
        emitted.push(stack.engine.hostOutput());
        expect(stack.engine.hostOutput()).to.contain("[pulumi-trunking odin debug]").and.contain("[pulumi-trunking webex debug]"); // debug logging was on and did log
        expect(odin.faultStats().status + webex.faultStats().status).to.be.greaterThan(0);

        // Then: no credential or SIP password in plain text in anything emitted.
        const all = emitted.join("\n");
        expect(all).to.contain("pulumi-trunking/dynamic"); // the serialized providers were in the scanned state
        for (const [name, secret] of Object.entries(SECRETS)) {
            expect(all.includes(secret), `${name} leaked`).to.equal(false);
        }
    });
});
