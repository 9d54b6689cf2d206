import { expect } from "chai";
import * as sinon from "sinon";
import { scrubbedLogger } from "../../provider/capacity/log";
import { SecretRegistry } from "../../provider/http/redact";
import { providerLogger } from "../../provider/util/log";

/**
 * What reaches a person: the provider host's stderr (shown by the engine
 * during `pulumi up`) and the sinks of getTrunkingCapacity and the CLI. The
 * transport logs a long wait before a retry at info; a user whose run is
 * slowed by a throttling server must see it, without TRUNKING_DEBUG.
 */
describe("loggers show the transport's waits", () => {
    const WAIT = "Odin API GET /api/v2/groups: HTTP 429, waiting 4 s before attempt 2 of 6 (retrying for 0 s so far)";

    afterEach(() => sinon.restore());

    it("the provider host's logger writes info lines, scrubbed, and debug only with TRUNKING_DEBUG", () => {
        const written: string[] = [];
        sinon.stub(process.stderr, "write").callsFake((chunk: string | Uint8Array) => {
            written.push(String(chunk));
            return true;
        });
        const secrets = new SecretRegistry();
        secrets.add("Host-Passw0rd");
        const log = providerLogger(secrets, "odin", {});
        log("info", WAIT);
        log("info", "echo Host-Passw0rd");
        log("debug", "GET /api/v2/groups -> 200");
        log("warn", "careful");
        const withDebug = providerLogger(secrets, "odin", { TRUNKING_DEBUG: "1" });
        withDebug("debug", "GET /api/v2/groups -> 200");
        sinon.restore();
        expect(written).to.deep.equal([
            `[pulumi-trunking odin info] ${WAIT}\n`,
            "[pulumi-trunking odin info] echo [redacted]\n",
            "[pulumi-trunking odin warn] careful\n",
            "[pulumi-trunking odin debug] GET /api/v2/groups -> 200\n",
        ]);
    });

    it("getTrunkingCapacity's and the CLI's logger send info to the sink's info, scrubbed, without TRUNKING_DEBUG", () => {
        const sink = { warn: sinon.spy(), info: sinon.spy(), debug: sinon.spy() };
        const secrets = new SecretRegistry();
        secrets.add("Cli-Passw0rd");
        const log = scrubbedLogger(secrets, sink, {});
        log("info", WAIT);
        log("info", "Cli-Passw0rd");
        log("debug", "GET /api/v2/groups -> 200");
        expect(sink.info.args.map((a) => a[0])).to.deep.equal([WAIT, "[redacted]"]);
        expect(sink.debug.called).to.equal(false);
        expect(sink.warn.called).to.equal(false);
    });
});
