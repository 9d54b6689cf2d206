import { expect } from "chai";
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { VARIED_LOGIN, VARIED_SP, WEBEX_TOKEN, variedOdinSeed, variedWebexSeed } from "../../bench/seeds/variedTrunking";
import { Discovery, discoverWebex, renderProgram, renderProject, renderReadme } from "../../provider/discover";
import { slug, trunkGroupBase, uniqueNames } from "../../provider/discover/names";
import { declareTrunkGroup } from "../../provider/discover/odinDeclare";
import { literal } from "../../provider/discover/render";
import { declareWebexTrunk } from "../../provider/discover/webexDeclare";
import type { TrunkGroupProfile } from "../../provider/odin/types";
import { DEFAULT_WEBEX_TOKEN, OdinSimulator, WebexSimulator, sampleWebexSeed, startOdinSimulator, startWebexSimulator } from "../../provider/simulator";
import { WebexClient } from "../../provider/webex/client";
import type { TrunkGet } from "../../provider/webex/types";
import { REPO, runDiscover, tempDir } from "./helpers";

/** trunking-discover's pure parts without a server, then the command's refusals against the simulators. */

const VERSIONS = { pulumiTrunking: "git+https://git.example.net/voice/pulumi-trunking.git#v0.1.0", pulumi: "^3.270.0", typescript: "~5.9.3", nodeTypes: "^22.0.0" };

function profile(over: Record<string, unknown>): TrunkGroupProfile {
    return { serviceProviderId: "SP1", groupId: "G1", name: "PBX A", maxActiveCalls: 10, users: [], ...over } as TrunkGroupProfile;
}

describe("trunking-discover: names", () => {
    it("slugs are lower case with one hyphen per run of other characters, accents dropped", () => {
        expect(slug("G1", "PBX  A")).to.equal("g1-pbx-a");
        expect(slug("Zürich 3")).to.equal("zurich-3");
        expect(slug("***")).to.equal("unnamed");
        expect(trunkGroupBase({ groupId: "G1", name: "G1-TG1" })).to.equal("g1-tg1");
        expect(trunkGroupBase({ groupId: "G1", name: "PBX A" })).to.equal("g1-pbx-a");
    });

    it("names that collide get a suffix from their own identity, so neither order nor other objects change them", () => {
        const a = { identity: "SP1/G1/PBX%20A", base: "g1-pbx-a" };
        const b = { identity: "SP1/G1/pbx-a", base: "g1-pbx-a" };
        const c = { identity: "SP1/G1/Other", base: "g1-other" };
        const forward = uniqueNames([a, b, c]);
        expect(forward[2]).to.equal("g1-other");
        expect(forward[0]).to.match(/^g1-pbx-a-[0-9a-f]{6}$/);
        expect(forward[0]).to.not.equal(forward[1]);
        expect(uniqueNames([c, b, a])).to.deep.equal([forward[2], forward[1], forward[0]]);
        expect(() => uniqueNames([a, a])).to.throw("same identity");
    });
});

describe("trunking-discover: what a trunk group declares", () => {
    it("numbers Odin sent for strings become strings again, nested keys included, in the field table's order", () => {
        const d = declareTrunkGroup(
            profile({
                name: 2001,
                capacityExceededAction: "Forward",
                capacityExceededForwardAddress: 5550104,
                department: { name: 1234, groupId: "G1", serviceProviderId: "SP1", extra: "x" },
            }),
        );
        expect(d.args).to.deep.include({ name: "2001", capacityExceededForwardAddress: "5550104", department: { serviceProviderId: "SP1", groupId: "G1", name: "1234" } });
        expect(Object.keys(d.args.department as object)).to.deep.equal(["serviceProviderId", "groupId", "name"]);
        expect(d.problems).to.deep.equal([]);
    });

    it("leaves out what the resource fills in or BroadWorks defaults to, and what does not apply; keeps what differs", () => {
        const d = declareTrunkGroup(
            profile({ invitationTimeout: 6, userLookupPolicy: "Basic", allowUnscreenedCalls: false, enableBursting: false, burstingMaxActiveCalls: 4, continuousOptionsSendingIntervalSeconds: 60 }),
        );
        expect(d.args).to.deep.equal({ serviceProviderId: "SP1", groupId: "G1", name: "PBX A", maxActiveCalls: 10, continuousOptionsSendingIntervalSeconds: 60 });
    });

    it("leaves out what BroadWorks reports for a trunk group nobody configured (the documented example GET), keeps what differs from it", () => {
        // The example answer the Odin API documentation shows after a PUT of maxActiveCalls 1, maxIncomingCalls 0 and maxOutgoingCalls 0.
        const documented = profile({
            maxActiveCalls: 1,
            maxIncomingCalls: 0,
            maxOutgoingCalls: 0,
            enableBursting: false,
            capacityExceededTrapInitialCalls: 0,
            capacityExceededTrapOffsetCalls: 0,
            invitationTimeout: 6,
            requireAuthentication: false,
            allowUnscreenedCalls: false,
            pilotUserCallingLineIdentityForExternalCallsPolicy: "No Calls",
            pilotUserChargeNumberPolicy: "No Calls",
            continuousOptionsSendingIntervalSeconds: 30,
            failureOptionsSendingIntervalSeconds: 10,
            pilotUserCallingLineAssertedIdentityPolicy: "Unscreened Originating Calls",
            pilotUserCallOptimizationPolicy: "Optimize For User Services",
            clidSourceForScreenedCallsPolicy: "Profile Name Profile Number",
            userLookupPolicy: "Basic",
            useSystemUserLookupPolicy: true,
            pilotUserCallingLineIdentityForEmergencyCallsPolicy: "No Calls",
            implicitRegistrationSetSupportPolicy: "Disabled",
            useSystemImplicitRegistrationSetSupportPolicy: true,
            sipIdentityForPilotAndProxyTrunkModesPolicy: "User",
            useSystemSIPIdentityForPilotAndProxyTrunkModesPolicy: true,
            useSystemSupportConnectedIdentityPolicy: true,
            supportConnectedIdentityPolicy: "Disabled",
            useSystemOptionsMessageResponseStatusCodes: true,
            trunkGroupState: "Available",
            totalActiveIncomingCalls: 0,
            totalActiveOutgoingCalls: 0,
        });
        // The 0s were set by that PUT (unset, BroadWorks reports no limit at all), so they stay.
        expect(declareTrunkGroup(documented).args).to.deep.equal({ serviceProviderId: "SP1", groupId: "G1", name: "PBX A", maxActiveCalls: 1, maxIncomingCalls: 0, maxOutgoingCalls: 0 });
        const changed = declareTrunkGroup({ ...documented, supportConnectedIdentityPolicy: "Enabled", useSystemSupportConnectedIdentityPolicy: false, sipIdentityForPilotAndProxyTrunkModesPolicy: "Pilot User" });
        expect(changed.args).to.deep.include({ supportConnectedIdentityPolicy: "Enabled", useSystemSupportConnectedIdentityPolicy: false, sipIdentityForPilotAndProxyTrunkModesPolicy: "Pilot User" });
        expect(changed.args).to.not.have.any.keys("implicitRegistrationSetSupportPolicy", "useSystemOptionsMessageResponseStatusCodes");
    });

    it("with authentication on, the SIP password is a secret to read from config; off, no SIP field is declared", () => {
        expect(declareTrunkGroup(profile({ requireAuthentication: true, sipAuthenticationUserName: "pbxa" }))).to.deep.include({ secretArgs: ["sipAuthenticationPassword"] });
        const off = declareTrunkGroup(profile({ requireAuthentication: false, sipAuthenticationUserName: "stale" }));
        expect(off.secretArgs).to.deep.equal([]);
        expect(off.args).to.not.have.property("sipAuthenticationUserName");
    });

    it("a value the system holds but check refuses is reported, not hidden", () => {
        expect(declareTrunkGroup(profile({ invitationTimeout: 300 })).problems).to.deep.equal(["invitationTimeout must be from 1 to 255, got 300"]);
    });
});

describe("trunking-discover: what a Webex trunk declares", () => {
    const base = { name: "T", location: { id: "L1", name: "Oslo" }, deviceType: "Cisco Unified Border Element", dualIdentitySupportEnabled: false, pChargeInfoSupportPolicy: "disabled" };

    it("REGISTERING: no call limit (reported, but refused in requests) and no address fields", () => {
        const d = declareWebexTrunk({ ...base, trunkType: "REGISTERING", maxConcurrentCalls: 1000 } as TrunkGet);
        expect(d.args).to.deep.equal({ name: "T", locationId: "L1", trunkType: "REGISTERING", deviceType: "Cisco Unified Border Element", dualIdentitySupportEnabled: false, pChargeInfoSupportPolicy: "DISABLED" });
        expect(d.secretArgs).to.deep.equal(["password"]);
    });

    it("certificate-based: address, domain, port and call limit; addressed by DNS SRV: no port", () => {
        const fqdn = declareWebexTrunk({ ...base, trunkType: "CERTIFICATE_BASED", address: "sbc.example.com", domain: "example.com", port: 5061, maxConcurrentCalls: 300 } as TrunkGet);
        expect(fqdn.args).to.include({ address: "sbc.example.com", domain: "example.com", port: 5061, maxConcurrentCalls: 300 });
        const srv = declareWebexTrunk({ ...base, trunkType: "CERTIFICATE_BASED", address: "sbc.example.com", domain: "example.com", maxConcurrentCalls: 300 } as TrunkGet);
        expect(srv.args).to.include({ address: "sbc.example.com", domain: "example.com" });
        expect(srv.args).to.not.have.property("port");
    });
});

describe("trunking-discover: the project it writes", () => {
    const discovery: Discovery = {
        api: "odin",
        project: "trunking-sp1",
        command: "trunking-discover odin --service-provider SP1",
        source: "Trunk groups of service provider SP1 in 1 group",
        sections: { G1: "Group G1 (Group One)" },
        resources: [
            {
                kind: "TrunkGroup",
                logicalName: "g1-pbx-a",
                section: "G1",
                args: { serviceProviderId: "SP1", groupId: "G1", name: "PBX A", maxActiveCalls: 10, accessDevice: { deviceLevel: "Group", deviceName: "it's" } },
                secrets: [{ arg: "sipAuthenticationPassword", configKey: "g1-pbx-a-sip-password", description: 'current SIP password of trunk group "PBX A" in group G1' }],
                problems: [],
            },
        ],
        connection: [
            { key: "odin:baseUrl", value: "https://odin.example.net/api/v2", secret: false },
            { key: "odin:password", secret: true, placeholder: "Odin API password" },
        ],
    };

    it("literals are valid TypeScript for every value kind", () => {
        expect(literal({ a: "x\"y", "b-c": 2, d: { e: true } })).to.equal('{ a: "x\\"y", "b-c": 2, d: { e: true } }');
        expect(() => literal(undefined)).to.throw("cannot write");
    });

    it("index.ts declares each resource in adopt mode with its secret from config; the bytes depend on nothing but the discovery", () => {
        const program = renderProgram(discovery);
        expect(program).to.contain(
            [
                'new TrunkGroup("g1-pbx-a", {',
                "    adoptExisting,",
                '    serviceProviderId: "SP1",',
                '    groupId: "G1",',
                '    name: "PBX A",',
                "    maxActiveCalls: 10,",
                '    accessDevice: { deviceLevel: "Group", deviceName: "it\'s" },',
                '    sipAuthenticationPassword: config.requireSecret("g1-pbx-a-sip-password"),',
                "});",
            ].join("\n"),
        );
        expect(program).to.contain("const adoptExisting = true;").and.contain("// Group G1 (Group One): 1 trunk group");
        expect(renderProject(discovery, VERSIONS)).to.deep.equal(renderProject(JSON.parse(JSON.stringify(discovery)) as Discovery, VERSIONS));
    });

    it("README.md lists the config commands in order, quoted for a shell, placeholders for what only the user knows", () => {
        const readme = renderReadme(discovery);
        expect(readme).to.contain("pulumi config set odin:baseUrl 'https://odin.example.net/api/v2'\npulumi config set --secret odin:password '<Odin API password>'");
        expect(readme).to.contain(`pulumi config set --secret g1-pbx-a-sip-password '<current SIP password of trunk group "PBX A" in group G1>'`);
        expect(readme).to.contain("https://github.com/pulumi/pulumi/issues/16175");
    });

    it("package.json depends on pulumi-trunking and @pulumi/pulumi; tsconfig.json compiles index.ts to bin/", () => {
        const files = renderProject(discovery, VERSIONS);
        expect(JSON.parse(files["package.json"]).dependencies).to.deep.equal({ "@pulumi/pulumi": "^3.270.0", "pulumi-trunking": "git+https://git.example.net/voice/pulumi-trunking.git#v0.1.0" });
        expect(JSON.parse(files["package.json"]).devDependencies).to.deep.equal({ "@types/node": "^22.0.0", typescript: "~5.9.3" });
        expect(files).to.not.have.property(".npmrc");
        expect(JSON.parse(files["tsconfig.json"])).to.deep.include({ files: ["index.ts"] });
        expect(files["Pulumi.yaml"]).to.match(/^name: trunking-sp1\n/);
    });
});

describe("trunking-discover: refusals, before anything is written", function () {
    this.timeout(60_000);
    let odin: OdinSimulator;
    let webex: WebexSimulator;
    let dir: string;
    let odinEnv: Record<string, string>;
    let webexEnv: Record<string, string>;

    before(async () => {
        odin = await startOdinSimulator({ seed: variedOdinSeed(30) });
        webex = await startWebexSimulator({ seed: variedWebexSeed(6), tokens: [WEBEX_TOKEN] });
        dir = tempDir("refusals");
        odinEnv = { ODIN_BASE_URL: odin.url, ODIN_USERNAME: VARIED_LOGIN.username, ODIN_PASSWORD: VARIED_LOGIN.password };
        webexEnv = { WEBEX_BASE_URL: webex.url, WEBEX_ACCESS_TOKEN: WEBEX_TOKEN };
    });
    after(async () => {
        await odin?.close();
        await webex?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    const cases: Array<[string, string[], "odin" | "webex", number, RegExp]> = [
        ["no API named", [], "odin", 2, /say which API to discover: odin or webex/],
        ["no service provider", ["odin", "--json"], "odin", 2, /--service-provider is required/],
        ["neither --out nor --json", ["odin", "-s", VARIED_SP], "odin", 2, /--out DIR \(write the project\) or --json/],
        ["a bad --concurrency", ["odin", "-s", VARIED_SP, "--json", "--concurrency", "0"], "odin", 1, /--concurrency must be an integer from 1 to 64, got "0" \(or "adaptive", the default\)/],
        ["an unknown flag", ["odin", "-s", VARIED_SP, "--json", "--grup", "G1"], "odin", 2, /unknown option --grup; did you mean --group\?/],
        ["a misspelt --service-provider", ["odin", "--service-provder", VARIED_SP, "--json"], "odin", 2, /unknown option --service-provder; did you mean --service-provider\?\n\nusage: trunking-discover odin /],
        ["a flag of the other API", ["webex", "--group", "G1", "--json"], "webex", 2, /unknown option --group\n\nusage: trunking-discover webex /],
        ["a service provider that does not exist", ["odin", "-s", "NOPE", "--json"], "odin", 1, /service provider "NOPE" was not found on .*; check --service-provider/],
        ["a group that does not exist", ["odin", "-s", VARIED_SP, "-g", "G9", "--json"], "odin", 1, /--group "G9" not found in service provider SPX/],
        ["nothing to adopt", ["odin", "-s", VARIED_SP, "-g", "EMPTY", "-g", "NOSVC", "--json"], "odin", 1, /no trunk groups found in service provider SPX \(groups NOSVC \(no Trunk Group service\), EMPTY have none\); there is nothing to adopt/],
        ["a location no trunk is in", ["webex", "--location", "Atlantis", "--json"], "webex", 1, /--location "Atlantis": no trunk is in a location with that name or id \(locations with trunks: Berlin, Dublin, Oslo\)/],
        ["no token", ["webex", "--json"], "odin", 1, /Webex access token missing/],
    ];
    for (const [what, args, api, code, message] of cases) {
        it(`${what}: exit ${code} and says so`, async () => {
            const run = await runDiscover(args, api === "odin" ? odinEnv : webexEnv);
            expect(run.stderr).to.match(message);
            expect(run.code).to.equal(code);
            expect(run.stdout).to.equal("");
        });
    }

    it("an output folder that holds anything is refused before any request; --force overwrites only the generated files", async () => {
        const out = path.join(dir, "taken");
        fs.mkdirSync(out);
        fs.writeFileSync(path.join(out, "notes.txt"), "mine");
        odin.clearRequests();
        const refused = await runDiscover(["odin", "-s", VARIED_SP, "--out", out], odinEnv);
        expect(refused.code).to.equal(1);
        expect(refused.stderr).to.contain(`--out ${out} is not empty (notes.txt); choose an empty folder, or add --force`);
        expect(odin.requests()).to.deep.equal([]);
        const forced = await runDiscover(["odin", "-s", VARIED_SP, "--out", out, "--force"], odinEnv);
        expect(forced.code).to.equal(0);
        expect(fs.readFileSync(path.join(out, "notes.txt"), "utf8")).to.equal("mine");
        expect(fs.existsSync(path.join(out, "index.ts"))).to.equal(true);
    });

    it("an org without trunks: exit 1, nothing to adopt", async () => {
        const empty = await startWebexSimulator({ tokens: [WEBEX_TOKEN] });
        try {
            const run = await runDiscover(["webex", "--out", path.join(dir, "never")], { WEBEX_BASE_URL: empty.url, WEBEX_ACCESS_TOKEN: WEBEX_TOKEN });
            expect(run.code).to.equal(1);
            expect(run.stderr).to.contain("no Webex Calling premise trunks found in the token's org; there is nothing to adopt");
            expect(fs.existsSync(path.join(dir, "never"))).to.equal(false);
        } finally {
            await empty.close();
        }
    });

    it("trunking-sim's sample org has trunks to discover: one registering, one certificate-based, both declared", async () => {
        const sample = await startWebexSimulator({ seed: sampleWebexSeed() });
        try {
            const run = await runDiscover(["webex", "--json"], { WEBEX_BASE_URL: sample.url, WEBEX_ACCESS_TOKEN: DEFAULT_WEBEX_TOKEN });
            expect(run.code, run.stderr).to.equal(0);
            const found = JSON.parse(run.stdout) as Discovery;
            expect(found.resources.map((r) => [r.args.name, r.args.trunkType])).to.deep.equal([
                ["Boston LGW", "REGISTERING"],
                ["San Jose SBC", "CERTIFICATE_BASED"],
            ]);
            expect(found.resources.every((r) => r.problems.length === 0)).to.equal(true);
        } finally {
            await sample.close();
        }
    });

    it("discovery of an org with SRV-addressed trunks declares them without a port", async () => {
        const srv = await startWebexSimulator({ seed: variedWebexSeed(6, { srv: true }), tokens: [WEBEX_TOKEN] });
        try {
            const d = await discoverWebex(new WebexClient({ baseUrl: srv.url, accessToken: WEBEX_TOKEN }), { baseUrl: srv.url, command: "t" });
            const srvTrunks = d.resources.filter((r) => String(r.args.name).startsWith("SRV"));
            expect(srvTrunks).to.have.length(2);
            for (const r of srvTrunks) {
                expect(r.args).to.include.keys("address", "domain", "maxConcurrentCalls");
                expect(r.args).to.not.have.property("port");
            }
        } finally {
            await srv.close();
        }
    });

    it("never loads @pulumi/pulumi: a discovery runs with the SDK made unloadable", async () => {
        const guard = path.join(dir, "no-pulumi.js");
        fs.writeFileSync(
            guard,
            `const Module = require("module"); const resolve = Module._resolveFilename;
             Module._resolveFilename = function (request, ...rest) {
               if (request === "@pulumi/pulumi" || request.startsWith("@pulumi/pulumi/")) throw new Error("@pulumi/pulumi was loaded");
               return resolve.call(this, request, ...rest);
             };`,
        );
        const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
            execFile(process.execPath, ["-r", guard, path.join(REPO, "dist/bin/trunking-discover.js"), "odin", "-s", VARIED_SP, "--json"], { env: { PATH: process.env.PATH ?? "", ...odinEnv } }, (err, stdout, stderr) =>
                resolve({ code: err ? 1 : 0, stdout, stderr }),
            ),
        );
        expect(run.stderr).to.not.contain("@pulumi/pulumi was loaded");
        expect(run.code).to.equal(0);
        expect((JSON.parse(run.stdout) as Discovery).resources).to.have.length(30);
    });
});
