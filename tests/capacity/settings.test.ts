import { expect } from "chai";
import { ODIN_SETTINGS, resolveOdinSettings } from "../../provider/odin/config";
import { WEBEX_SETTINGS, resolveWebexSettings } from "../../provider/webex/config";
import { OdinClient } from "../../provider/odin/client";
import { WebexClient } from "../../provider/webex/client";
import { ConfigSource, clientConcurrency, parseConcurrency, settingsWarnings } from "../../provider/util/settings";
import { LOGIN, startCapacitySim } from "./capacitySim";

/** What a provider warns about at configure (the environment left out). */
const odinConfigWarnings = (config: ConfigSource) => settingsWarnings(ODIN_SETTINGS, config, {});
const webexConfigWarnings = (config: ConfigSource) => settingsWarnings(WEBEX_SETTINGS, config, {});

/** A stack config as the program sees it (get + keys). */
const cfg = (values: Record<string, string>) => ({ get: (k: string) => values[k], keys: () => Object.keys(values) });
/** The provider host's config object: get() plus the rawConfig it was built from, no keys(). */
const hostCfg = (values: Record<string, string>) => ({ rawConfig: values, get: (k: string) => values[k] });
const CONN = { "odin:baseUrl": "https://odin.example.net/api/v2", "odin:username": "ops", "odin:password": "s3cret-pw" };

const messageOf = (fn: () => unknown): string => {
    try {
        fn();
    } catch (e) {
        return (e as Error).message;
    }
    throw new Error("expected a throw");
};

describe("settings: one concurrency setting", () => {
    it("defaults to adaptive up to the transport's ceiling of 32, with no fixed cap beside it", () => {
        const s = resolveOdinSettings(cfg(CONN), {});
        expect(s.concurrency).to.deep.equal({ mode: "adaptive", max: 32 });
        // A maxInFlight here would be a second, competing setting (the transport's fixed form).
        expect(s).not.to.have.property("maxInFlight");
        expect(s.warnings).to.deep.equal([]);
    });

    it("a fixed odin:concurrency or ODIN_CONCURRENCY is exactly the requests in flight", () => {
        expect(resolveOdinSettings(cfg({ ...CONN, "odin:concurrency": "16" }), {}).concurrency).to.deep.equal({ mode: "fixed", value: 16 });
        expect(resolveOdinSettings(cfg(CONN), { ODIN_CONCURRENCY: "12" }).concurrency).to.deep.equal({ mode: "fixed", value: 12 });
        // Stack config before the environment, as for every setting.
        expect(resolveOdinSettings(cfg({ ...CONN, "odin:concurrency": "adaptive" }), { ODIN_CONCURRENCY: "3" }).concurrency).to.deep.equal({ mode: "adaptive", max: 32 });
    });

    it("odin:maxConcurrency is the adaptive ceiling the transport gets", () => {
        const s = resolveOdinSettings(cfg({ ...CONN, "odin:maxConcurrency": "2" }), {});
        expect(s.concurrency).to.deep.equal({ mode: "adaptive", max: 2 });
        expect(resolveOdinSettings(cfg(CONN), { ODIN_MAX_CONCURRENCY: "40" }).concurrency).to.deep.equal({ mode: "adaptive", max: 40 });
        expect(messageOf(() => resolveOdinSettings(cfg({ ...CONN, "odin:concurrency": "8", "odin:maxConcurrency": "20" }), {}))).to.equal(
            "odin:maxConcurrency is the ceiling of adaptive concurrency; it cannot be combined with a fixed odin:concurrency of 8",
        );
    });

    it("odin:maxInFlight / ODIN_MAX_IN_FLIGHT still give a fixed value, with a deprecation warning", () => {
        const s = resolveOdinSettings(cfg(CONN), { ODIN_MAX_IN_FLIGHT: "16" });
        expect(s.concurrency).to.deep.equal({ mode: "fixed", value: 16 });
        expect(s.warnings).to.deep.equal([
            "ODIN_MAX_IN_FLIGHT is deprecated: set odin:concurrency (or ODIN_CONCURRENCY) to 16 for the same fixed number of requests in flight",
        ]);
        const both = resolveOdinSettings(cfg({ ...CONN, "odin:maxInFlight": "16", "odin:concurrency": "adaptive" }), {});
        expect(both.concurrency).to.deep.equal({ mode: "adaptive", max: 32 });
        expect(both.warnings).to.deep.equal(["odin:maxInFlight is deprecated and ignored: odin:concurrency is set"]);
    });

    it("a bad value names where it was set and what is allowed", () => {
        expect(messageOf(() => resolveOdinSettings(cfg({ ...CONN, "odin:concurrency": "lots" }), {}))).to.equal(
            'odin:concurrency must be an integer from 1 to 64, got "lots" (or "adaptive", the default)',
        );
        expect(messageOf(() => resolveOdinSettings(cfg(CONN), { ODIN_CONCURRENCY: "0" }))).to.match(/^ODIN_CONCURRENCY must be an integer from 1 to 64, got "0"/);
        expect(messageOf(() => resolveOdinSettings(cfg(CONN), { ODIN_MAX_CONCURRENCY: "65" }))).to.equal('ODIN_MAX_CONCURRENCY must be an integer from 1 to 64, got "65"');
        expect(messageOf(() => parseConcurrency("", "--concurrency"))).to.match(/^--concurrency must be/);
    });

    it("the Webex provider reads the same setting under webex:*", () => {
        const s = resolveWebexSettings(cfg({ "webex:accessToken": "t0ken", "webex:concurrency": "9" }), {});
        expect(s.concurrency).to.deep.equal({ mode: "fixed", value: 9 });
        expect(resolveWebexSettings(cfg({ "webex:accessToken": "t0ken" }), { WEBEX_MAX_CONCURRENCY: "3" }).concurrency).to.deep.equal({ mode: "adaptive", max: 3 });
        expect(resolveWebexSettings(cfg({ "webex:accessToken": "t0ken" }), {}).concurrency).to.deep.equal({ mode: "adaptive", max: 32 });
        expect(resolveWebexSettings(cfg({ "webex:accessToken": "t0ken" }), { WEBEX_MAX_IN_FLIGHT: "7" }).warnings[0]).to.match(/^WEBEX_MAX_IN_FLIGHT is deprecated/);
    });

    it("spread into a client, as the provider handlers do, gives exactly a fixed value in flight, and adaptive above 5 up to its ceiling", async function () {
        this.timeout(20_000);
        const server = await startCapacitySim({
            serviceProviderId: "SP",
            isEnterprise: false,
            capacity: { maxActiveCalls: 10, burstingMaxActiveCalls: 0 },
            report: "absent",
            latencyMs: 20,
            groups: [{ groupId: "G", groupName: "G", capacity: { maxActiveCalls: 10, burstingMaxActiveCalls: 0 }, trunkGroups: [{ name: "T", maxActiveCalls: 1 }] }],
        });
        try {
            const conn = { ...CONN, "odin:baseUrl": server.url, "odin:username": LOGIN.username, "odin:password": LOGIN.password };
            const peakFor = async (extra: Record<string, string>, env: Record<string, string>) => {
                const client = new OdinClient({ ...resolveOdinSettings(cfg({ ...conn, ...extra }), env) });
                server.resetPeak();
                await Promise.all(Array.from({ length: 200 }, () => client.getTrunkGroup({ serviceProviderId: "SP", groupId: "G", name: "T" }, () => undefined)));
                return { peak: server.maxInFlight(), stats: client.transport.concurrency.stats() };
            };
            for (const [extra, env, expected] of [
                [{ "odin:concurrency": "12" }, {}, 12],
                [{}, { ODIN_MAX_IN_FLIGHT: "9" }, 9],
                [{}, { ODIN_CONCURRENCY: "3" }, 3],
            ] as const) {
                const { peak, stats } = await peakFor(extra, env);
                expect(peak, JSON.stringify({ ...extra, ...env })).to.equal(expected);
                expect(stats).to.include({ mode: "fixed", limit: expected });
            }
            // Adaptive by default: it starts at 5 and rises while the server keeps up (the old default stayed at 5).
            const byDefault = await peakFor({}, {});
            expect(byDefault.stats).to.include({ mode: "adaptive", max: 32 });
            expect(byDefault.peak).to.be.above(5).and.at.most(32);
            // ...never above its ceiling, which it reaches when the server keeps up.
            const capped = await peakFor({ "odin:maxConcurrency": "8" }, {});
            expect(capped.stats).to.include({ mode: "adaptive", max: 8 });
            expect(capped.peak).to.equal(8);
        } finally {
            await server.close();
        }
    });

    it("reaches the Webex client's transport the same way", () => {
        const client = (extra: Record<string, string>) =>
            new WebexClient({ ...resolveWebexSettings(cfg({ "webex:accessToken": "t0ken", "webex:baseUrl": "http://127.0.0.1:9/v1", ...extra }), {}) });
        expect(client({ "webex:concurrency": "7" }).transport.concurrency.stats()).to.include({ mode: "fixed", limit: 7 });
        expect(client({}).transport.concurrency.stats()).to.include({ mode: "adaptive", limit: 5, max: 32 });
        expect(client({ "webex:maxConcurrency": "12" }).transport.concurrency.stats()).to.include({ mode: "adaptive", max: 12 });
    });

    it("turns a setting into the transport's option in one place", () => {
        expect(clientConcurrency({ mode: "fixed", value: 33 })).to.deep.equal({ concurrency: { mode: "fixed", value: 33 } });
        expect(clientConcurrency({ mode: "adaptive" })).to.deep.equal({ concurrency: { mode: "adaptive", max: 32 } });
        expect(clientConcurrency({ mode: "adaptive", max: 3 })).to.deep.equal({ concurrency: { mode: "adaptive", max: 3 } });
        expect(clientConcurrency({ mode: "adaptive", max: 40, initial: 10 })).to.deep.equal({ concurrency: { mode: "adaptive", max: 40, initial: 10 } });
    });
});

describe("settings: unknown keys and what the user typed", () => {
    it("reports unknown odin:* keys with the nearest valid name, from a program's config and from the host's", () => {
        const typo = { ...CONN, "odin:maxInflight": "8", "odin:concurency": "4", "other:thing": "x" };
        for (const source of [cfg(typo), hostCfg(typo)]) {
            const w = odinConfigWarnings(source);
            expect(w).to.have.length(2);
            expect(w[0]).to.match(/^unknown stack config key odin:maxInflight; did you mean odin:maxInFlight\? \(valid: baseUrl, username, password, /);
            expect(w[1]).to.match(/^unknown stack config key odin:concurency; did you mean odin:concurrency\?/);
            expect(resolveOdinSettings(source, {}).warnings).to.deep.equal(w);
        }
        expect(webexConfigWarnings(hostCfg({ "webex:acessToken": "t", ...CONN }))[0]).to.match(/webex:acessToken; did you mean webex:accessToken\?/);
    });

    it("works on the config object the dynamic-provider host hands to configure", () => {
        // The SDK's own class, as `configure({ config })` receives it in the host.
        const { Config } = require("@pulumi/pulumi/cmd/dynamic-provider/config") as { Config: new (raw: Record<string, string>, project: string) => { get(k: string): string | undefined } };
        const config = new Config({ ...CONN, "odin:maxRetry": "3", "webex:orgID": "o", "proj:other": "x" }, "proj");
        expect(odinConfigWarnings(config)).to.have.length(1);
        expect(odinConfigWarnings(config)[0]).to.match(/^unknown stack config key odin:maxRetry; did you mean odin:maxRetries\?/);
        expect(webexConfigWarnings(config)[0]).to.match(/^unknown stack config key webex:orgID; did you mean webex:orgId\?/);
        expect(resolveOdinSettings(config, {}).baseUrl).to.equal(CONN["odin:baseUrl"]);
    });

    it("every reader knows every key: adoptExisting is a setting of both APIs, not an unknown key", () => {
        for (const value of ["true", "apply", "false"]) {
            expect(odinConfigWarnings(cfg({ ...CONN, "odin:adoptExisting": value }))).to.deep.equal([]);
            expect(resolveOdinSettings(cfg({ ...CONN, "odin:adoptExisting": value }), {}).warnings).to.deep.equal([]);
            expect(webexConfigWarnings(cfg({ "webex:accessToken": "t0ken", "webex:adoptExisting": value }))).to.deep.equal([]);
        }
        expect(odinConfigWarnings(cfg({ ...CONN, "odin:adoptExisitng": "true" }))[0]).to.match(/^unknown stack config key odin:adoptExisitng; did you mean odin:adoptExisting\?/);
    });

    it("what configure warns about: unknown keys, deprecated ones in use and values a command would refuse, never a value, never a throw", () => {
        const w = odinConfigWarnings(cfg({ "odin:baseURL": "https://x/api/v2", "odin:maxInFlight": "4", "odin:timeoutMs": "soon" }));
        expect(w[0]).to.match(/^unknown stack config key odin:baseURL; did you mean odin:baseUrl\?/);
        expect(w[1]).to.equal('odin:timeoutMs must be an integer from 100 to 600000, got "soon"; a command that reaches the API stops there');
        expect(odinConfigWarnings(cfg({ "odin:maxInFlight": "4" }))).to.deep.equal([
            "odin:maxInFlight is deprecated: set odin:concurrency (or ODIN_CONCURRENCY) to 4 for the same fixed number of requests in flight",
        ]);
        expect(odinConfigWarnings(cfg({ "odin:baseUrl": "odin.example.net" }))).to.deep.equal([
            "odin:baseUrl must be an http(s) URL like https://host/api/v2; a command that reaches the API stops there",
        ]);
        expect(webexConfigWarnings(cfg({ "webex:acessToken": "t0ken-secret-value" })).join("\n")).to.match(/webex:acessToken; did you mean webex:accessToken\?/).and.not.contain("t0ken-secret-value");
        // Nothing set at all (a preview before any config): nothing to say, and no throw for the missing connection.
        expect(odinConfigWarnings(cfg({}))).to.deep.equal([]);
    });

    it("a missing setting's message points at the misspelt key that was probably meant", () => {
        const msg = messageOf(() => resolveOdinSettings(cfg({ "odin:baseURL": "https://x/api/v2", "odin:username": "u", "odin:password": "p" }), {}));
        expect(msg).to.match(/^Odin connection settings missing: odin:baseUrl \(or ODIN_BASE_URL\)\. Set them with `pulumi config set/);
        expect(msg).to.contain("unknown stack config key odin:baseURL; did you mean odin:baseUrl?");
        expect(messageOf(() => resolveWebexSettings(cfg({ "webex:accesstoken": "t" }), {}))).to.contain("did you mean webex:accessToken?");
    });

    it("names the flag and the variable the user typed when the setting came from a command line", () => {
        const flags = (values: Record<string, string | undefined>, env?: Record<string, { name: string; label: string }>) => ({
            values,
            labels: { baseUrl: "--base-url", username: "--username", concurrency: "--concurrency" },
            env,
        });
        expect(messageOf(() => resolveOdinSettings(undefined, { ODIN_USERNAME: "u", ODIN_PASSWORD: "p" }, flags({})))).to.equal(
            "Odin connection settings missing: --base-url (or ODIN_BASE_URL). Give --base-url https://host/api/v2 (or ODIN_BASE_URL).",
        );
        expect(messageOf(() => resolveOdinSettings(undefined, { ODIN_USERNAME: "u", ODIN_PASSWORD: "p" }, flags({ baseUrl: "odin.example.net" })))).to.equal(
            "--base-url must be an http(s) URL like https://host/api/v2",
        );
        const env = { ODIN_BASE_URL: "https://x/api/v2", ODIN_USERNAME: "u", ODIN_PASSWORD: "p" };
        expect(messageOf(() => resolveOdinSettings(undefined, env, flags({ concurrency: "many" })))).to.match(/^--concurrency must be an integer from 1 to 64, got "many"/);
        const redirected = flags({}, { password: { name: "MY_PW", label: "MY_PW (named by --password-env)" } });
        expect(messageOf(() => resolveOdinSettings(undefined, { ODIN_BASE_URL: "https://x/api/v2", ODIN_USERNAME: "u", ODIN_PASSWORD: "ignored" }, redirected))).to.equal(
            "Odin connection settings missing: MY_PW (named by --password-env). Give the password in MY_PW (named by --password-env).",
        );
        const s = resolveOdinSettings(undefined, { ...env, MY_PW: "pw-from-my-var" }, redirected);
        expect(s.password).to.equal("pw-from-my-var");
        expect(s.sources.password).to.equal("MY_PW (named by --password-env)");
        expect(resolveOdinSettings(undefined, env, flags({ baseUrl: "https://y/api/v2" })).sources.baseUrl).to.equal("--base-url");
    });
});
