import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { TrunkGroup, WebexTrunk } from "../../provider";
import { providerStub } from "../../provider/kit/stub";
import { OdinSimulator, sampleSeed, startOdinSimulator } from "../../provider/simulator";
import { startWebexSimulator } from "../../provider/simulator/webex";
import { LifecycleHarness, Program } from "../harness/harness";
import { cleanEnv, serializeProvider } from "../helpers/providerHost";

/**
 * Everything the provider emits in a realistic run — the serialized
 * providers, the state and outputs as saved, the hosts' log lines with debug
 * logging on and faults forcing retries, and the error messages of failed
 * operations — scanned for every credential and SIP password used.
 */
describe("secret scan across both resources", function () {
    this.timeout(120_000);
    const SECRETS = {
        odinPassword: "Odin-Scan-Api-Passw0rd",
        webexToken: "webex-scan-token-7f3a9c2e1b",
        sipA: "Scan-Sip-Secret-A1",
        sipA2: "Scan-Sip-Secret-A2",
        webexTrunk: "Scan-Trunk-Passw0rd-1",
        webexBad: "Bad-Trunk-Passw0rd!",
    };
    const emitted: string[] = [];
    let odin: OdinSimulator;
    let webex: Awaited<ReturnType<typeof startWebexSimulator>>;
    let dir: string;
    let harness: LifecycleHarness;
    const cfg: Record<string, string> = {};

    const program =
        (sip: string, webexPassword: string, maxActiveCalls = 10): Program =>
        () => {
            const a = new TrunkGroup("scan-a", {
                serviceProviderId: "SP1",
                groupId: "G2",
                name: "Scan A",
                maxActiveCalls,
                requireAuthentication: true,
                sipAuthenticationUserName: "scana",
                sipAuthenticationPassword: pulumi.secret(sip),
            });
            const w = new WebexTrunk("scan-w", {
                name: "Scan Trunk",
                locationId: cfg.locationId,
                password: pulumi.secret(webexPassword),
                trunkType: "REGISTERING",
            });
            return { a: a.id, aState: a.trunkGroupState, w: w.id, linePort: (w as unknown as { linePort: pulumi.Output<string> }).linePort, sip: a.sipAuthenticationPassword };
        };

    before(async () => {
        const seed = sampleSeed();
        seed.logins = [{ username: "scan", password: SECRETS.odinPassword }];
        // Faults so the debug log has retries to talk about.
        odin = await startOdinSimulator({ seed, faults: [{ kind: "status", status: 503, probability: 0.2 }], randomSeed: 3 });
        webex = await startWebexSimulator({ tokens: [SECRETS.webexToken], faults: [{ kind: "status", status: 429, retryAfter: "0", probability: 0.2 }], randomSeed: 3 });
        cfg.locationId = String(webex.state().locations[0].id);
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "scan-"));
        harness = new LifecycleHarness({
            stateFile: path.join(dir, "state.json"),
            config: {
                "odin:baseUrl": odin.url,
                "odin:username": "scan",
                "odin:password": SECRETS.odinPassword,
                "webex:baseUrl": webex.url,
                "webex:accessToken": SECRETS.webexToken,
            },
            secretConfig: ["odin:password", "webex:accessToken"],
            hostEnv: { ...cleanEnv(process.env), TRUNKING_DEBUG: "1" },
        });
    });
    after(async () => {
        await odin?.close();
        await webex?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    const record = (s: { outputs: Record<string, unknown>; secretOutputs: string[] }) => {
        const plain = Object.fromEntries(Object.entries(s.outputs).filter(([k]) => !s.secretOutputs.includes(k)));
        emitted.push(JSON.stringify(plain), fs.readFileSync(path.join(dir, "state.json"), "utf8"));
    };
    const failure = async (p: Promise<unknown>) => {
        const e = (await p.then(() => undefined).catch((x: Error) => x)) as Error | undefined;
        expect(e, "the operation should have failed").to.be.instanceOf(Error);
        emitted.push(e!.message, e!.stack ?? "");
    };

    it("runs up, a secret rotation, refused changes, refresh and destroy with debug logging and retries, and nothing emitted holds a secret", async () => {
        emitted.push(await serializeProvider(providerStub("odin:TrunkGroup")), await serializeProvider(providerStub("webex:Trunk")));
        const first = await harness.up(program(SECRETS.sipA, SECRETS.webexTrunk));
        expect(first.creates).to.equal(2);
        expect(first.secretOutputs).to.deep.equal(["sip"]);
        record(first);
        const rotated = await harness.up(program(SECRETS.sipA2, SECRETS.webexTrunk));
        expect(rotated.updates).to.equal(1);
        record(rotated);
        // Refused: a trunk group above the group's capacity (BroadWorks error), a Webex password with "!" (check).
        await failure(harness.up(program(SECRETS.sipA2, SECRETS.webexTrunk, 500)));
        await failure(harness.up(program(SECRETS.sipA2, SECRETS.webexBad)));
        await harness.refresh();
        record({ outputs: {}, secretOutputs: [] });
        await harness.destroy();
        emitted.push(harness.logs());
        expect(harness.logs()).to.contain("[pulumi-trunking"); // debug logging was on and did log
        expect(odin.faultStats().status + webex.faultStats().status).to.be.greaterThan(0);

        // Then: no credential or SIP password in plain text in anything emitted.
        const all = emitted.join("\n");
        expect(all.length).to.be.greaterThan(1000);
        for (const [name, secret] of Object.entries(SECRETS)) {
            expect(all.includes(secret), `${name} leaked`).to.equal(false);
        }
    });
});
