import { expect } from "chai";
import { DEFAULT_WEBEX_BASE_URL, resolveWebexSettings } from "../../provider/webex/config";

const cfg = (values: Record<string, string>) => ({ get: (k: string) => values[k] });

describe("Webex settings", () => {
    it("reads stack config first, then the environment, and defaults the base URL", () => {
        const s = resolveWebexSettings(cfg({ "webex:accessToken": "from-config" }), { WEBEX_ACCESS_TOKEN: "from-env", WEBEX_ORG_ID: "ORG-ENV" });
        expect(s).to.include({ accessToken: "from-config", baseUrl: DEFAULT_WEBEX_BASE_URL, orgId: "ORG-ENV", insecureSkipTlsVerify: false });
        expect(s.sources).to.deep.equal({ accessToken: "webex:accessToken", orgId: "WEBEX_ORG_ID" });
        const e = resolveWebexSettings(undefined, { WEBEX_ACCESS_TOKEN: "t0ken", WEBEX_BASE_URL: "http://127.0.0.1:9/v1" });
        expect(e).to.include({ accessToken: "t0ken", baseUrl: "http://127.0.0.1:9/v1" });
    });

    it("a missing token names the config key and the environment variable", () => {
        expect(() => resolveWebexSettings(cfg({}), {})).to.throw(/webex:accessToken.*WEBEX_ACCESS_TOKEN/s);
        expect(() => resolveWebexSettings(cfg({ "webex:accessToken": "  " }), {})).to.throw(/webex:accessToken/);
    });

    it("refuses a token with the Bearer prefix without showing it", () => {
        let message = "";
        try {
            resolveWebexSettings(cfg({ "webex:accessToken": "Bearer abc-secret-123" }), {});
        } catch (e) {
            message = (e as Error).message;
        }
        expect(message).to.include("without the \"Bearer \" prefix").and.not.include("abc-secret-123");
    });

    it("parses the optional numbers and the TLS switch, naming the source on a bad value", () => {
        const s = resolveWebexSettings(
            cfg({ "webex:accessToken": "t", "webex:timeoutMs": "5000", "webex:maxRetries": "2", "webex:maxInFlight": "3", "webex:insecureSkipTlsVerify": "TRUE" }),
            {},
        );
        expect(s).to.deep.include({ timeoutMs: 5000, retry: { maxRetries: 2 }, concurrency: { mode: "fixed", value: 3 }, insecureSkipTlsVerify: true });
        expect(() => resolveWebexSettings(cfg({ "webex:accessToken": "t" }), { WEBEX_TIMEOUT_MS: "soon" })).to.throw(/WEBEX_TIMEOUT_MS must be an integer/);
        expect(() => resolveWebexSettings(cfg({ "webex:accessToken": "t", "webex:maxRetries": "99" }), {})).to.throw(/webex:maxRetries.*0 to 20/);
        expect(() => resolveWebexSettings(cfg({ "webex:accessToken": "t", "webex:insecureSkipTlsVerify": "maybe" }), {})).to.throw(/true or false/);
        expect(() => resolveWebexSettings(cfg({ "webex:accessToken": "t", "webex:baseUrl": "webexapis.com" }), {})).to.throw(/http\(s\) URL/);
    });
});
