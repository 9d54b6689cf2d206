import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
import { checkInputs } from "../../provider/kit/check";
import { TRUNK_GROUP } from "../../provider/odin/trunkGroup/schema";
import { handlers, resetForTests } from "../../provider/odin/trunkGroup/handlers";
import { startOdinSimulator } from "../../provider/simulator";
import { OdinStack, ODIN_PASSWORD, odinSeed } from "../engine/fixtures";
import { cleanEnv } from "../engine/hostProcess";
import { startScripted } from "../http/scriptedServer";
import { startFaultProxy } from "./proxy";

/**
 * Issue 13, secrets: credentials written into a URL setting, a SIP password
 * echoed escaped inside an API's error, and the properties of an init
 * failure (which the engine stores as outputs) never show a secret.
 */
const h = handlers as Required<pulumi.dynamic.ResourceProvider>;
const configure = (values: Record<string, string>) => resetForTests({ get: (k: string) => values[k] });
const SIP = 'Sip&Pw<9>"x';

describe("secrets in every message and in what the engine keeps (issue 13)", function () {
    this.timeout(60_000);
    afterEach(() => resetForTests());

    it("credentials in odin:baseUrl (user:password@, ?password=) never appear, in the 'check that … is reachable' hint included; the hint names the settings", async () => {
        configure({ "odin:baseUrl": "http://ops:Url-Passw0rd-77@127.0.0.1:9/api/v2?password=Query-Secret-88", "odin:username": "u", "odin:password": "Api-Passw0rd-99", "odin:maxRetries": "0" });
        const e = (await h.read("SP1/G1/X", {}).catch((x: Error) => x)) as Error;
        expect(e.message).to.match(/check odin:baseUrl \(or ODIN_BASE_URL\) \(now http:\/\/\[redacted\]@127\.0\.0\.1:9\/api\/v2\?password=\[redacted\]\)/);
        for (const secret of ["Url-Passw0rd-77", "Query-Secret-88", "Api-Passw0rd-99"]) {
            expect(e.message).to.not.contain(secret);
        }
    });

    it("a timeout's advice names the setting to raise as the person wrote it", async () => {
        const sim = await startOdinSimulator();
        const proxy = await startFaultProxy({ upstream: sim.url, dripIntervalMs: 200 });
        try {
            configure({ "odin:baseUrl": proxy.url, "odin:username": "admin", "odin:password": "admin", "odin:maxRetries": "0", "odin:timeoutMs": "600" });
            await h.read("SP1/G1/G1-TG1", {}); // logged in
            proxy.inject({ kind: "slow-drip", method: "GET", path: "/groups/trunk-groups" });
            const e = (await h.read("SP1/G1/G1-TG1", {}).catch((x: Error) => x)) as Error;
            expect(e.message).to.match(/began answering but had not finished within 600 ms: the server or the network is slow\. If http:\/\/127\.0\.0\.1:\d+\/api\/v2 is known to be slow, raise odin:timeoutMs \(or ODIN_TIMEOUT_MS\) \(now 600 ms\)/);
        } finally {
            await proxy.close();
            await sim.close();
        }
    });

    it("a SIP password the API echoes HTML-escaped or \\u-escaped in its error is scrubbed", async () => {
        const escapedHtml = SIP.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
        const escapedJson = [...SIP].map((c) => (/[A-Za-z0-9-]/.test(c) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)).join("");
        const odin = await startScripted((req, res) => {
            const json = (status: number, body: string) => {
                res.writeHead(status, { "content-type": "application/json" });
                res.end(body);
            };
            if (req.url.startsWith("/api/v2/auth/token")) {
                return json(200, JSON.stringify({ token: "tok-ABCDEFGH-1234" }));
            }
            if (req.method === "GET") {
                return json(404, JSON.stringify({ error: "Trunk Group not found: PBX", status: 404 }));
            }
            // An HTML page's escapes in the message, and the request echoed as JSON text (its \\uXXXX escapes kept) in the details.
            const echoed = JSON.stringify(`{"sipAuthenticationPassword":"${escapedJson}"}`);
            return json(400, `{"error": "[Error 4962] password <b>${escapedHtml}</b> rejected", "details": ${echoed}, "status": 400}`);
        });
        try {
            configure({ "odin:baseUrl": `${odin.url}/v2`, "odin:username": "u", "odin:password": "Api-Passw0rd-99" });
            const inputs = checkInputs(TRUNK_GROUP, {}, { serviceProviderId: "SP1", groupId: "G1", name: "PBX", maxActiveCalls: 2, requireAuthentication: true, sipAuthenticationUserName: "u1", sipAuthenticationPassword: SIP }).inputs;
            const e = (await h.create(inputs).catch((x: Error) => x)) as Error;
            expect(e.message).to.contain("password <b>[redacted]</b> rejected");
            expect(e.message).to.contain('{"sipAuthenticationPassword":"[redacted]"}');
            for (const form of [SIP, escapedHtml, escapedJson, "Pw<9>", "Pw&lt;9"]) {
                expect(e.message).to.not.contain(form);
            }
        } finally {
            await odin.close();
        }
    });

    it("an init failure's SIP password is a secret output in the checkpoint, never plain text; debug logs and errors hold none", async () => {
        const sim = await startOdinSimulator({ seed: odinSeed() });
        const proxy = await startFaultProxy({ upstream: sim.url });
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "init-secret-"));
        try {
            const stack = new OdinStack(sim, dir, {
                config: { "odin:baseUrl": proxy.url, "odin:maxRetries": "0", "trunking-test:sip": "Init-Failure-Sip-Pw1" },
                secretConfig: ["trunking-test:sip"],
                hostEnv: { ...cleanEnv(process.env), TRUNKING_DEBUG: "1" },
            });
            stack.setResources([
                {
                    kind: "TrunkGroup",
                    name: "t",
                    args: { serviceProviderId: "SP1", groupId: "G1", name: "SECRET", maxActiveCalls: 2, requireAuthentication: true, sipAuthenticationUserName: "u1" },
                    secrets: { sipAuthenticationPassword: "sip" },
                },
            ]);
            // The POST is applied, its answer lost, and the lookup of its fate fails: an init failure carrying the inputs.
            proxy.inject({ kind: "reset-after", method: "POST", path: "/groups/trunk-groups" });
            proxy.inject({ kind: "503", method: "GET", path: "/groups/trunk-groups", after: 1 });
            const s = await stack.engine.up({ expectFailure: true });
            const t = stack.engine.resource("t")!;
            expect(t.initErrors?.[0]).to.contain("may have been created");
            expect(t.outputs.sipAuthenticationPassword).to.equal("Init-Failure-Sip-Pw1");
            expect(t.secretOutputs).to.include("sipAuthenticationPassword");
            const emitted = [stack.engine.stateText(), s.hostOutput, ...s.errors, ...s.diagnostics.filter((d) => d.severity !== "debug").map((d) => d.message)].join("\n");
            expect(emitted).to.not.contain("Init-Failure-Sip-Pw1");
            expect(emitted).to.not.contain(ODIN_PASSWORD);
            expect(s.hostOutput).to.contain("POST /api/v2/groups/trunk-groups"); // debug logging was on
        } finally {
            await proxy.close();
            await sim.close();
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
