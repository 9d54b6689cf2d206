import { expect } from "chai";
import * as sinon from "sinon";
import { SecretRegistry, redactUrls } from "../../provider/http/redact";
import { HttpTransport } from "../../provider/http/transport";
import { freePort } from "./scriptedServer";

describe("secret scrubbing", () => {
    describe("credentials in URLs", () => {
        it("removes user:password@ and secret query values, keeping the rest of the URL", () => {
            expect(redactUrls("check that https://admin:S3cret!@odin.example.com/api/v2 is reachable")).to.equal(
                "check that https://[redacted]@odin.example.com/api/v2 is reachable",
            );
            expect(redactUrls("http://h/api?password=abc&x=1&token=zz;access_token=q#frag")).to.equal(
                "http://h/api?password=[redacted]&x=1&token=[redacted];access_token=[redacted]#frag",
            );
            expect(redactUrls("https://h/api?serviceProviderId=SP1&groupId=G1")).to.equal("https://h/api?serviceProviderId=SP1&groupId=G1");
        });

        it("keeps them out of the transport's hints and warnings", async () => {
            const port = await freePort();
            const logs: string[] = [];
            const t = new HttpTransport({
                api: "Odin",
                baseUrl: `http://ops:Url-Passw0rd@127.0.0.1:${port}/api/v2?password=Query-Passw0rd`,
                parseErrorBody: () => ({}),
                sleep: async () => undefined,
                retry: { maxRetries: 1 },
                insecureSkipTlsVerify: true,
                log: (_l, m) => logs.push(m),
            });
            const e = (await t.request({ method: "GET", path: "/x" }).catch((err: Error) => err)) as Error;
            const everything = JSON.stringify({ m: e.message, e, logs });
            expect(everything).not.to.contain("Url-Passw0rd").and.not.to.contain("Query-Passw0rd");
            expect(e.message).to.contain("[redacted]@127.0.0.1");
        });
    });

    describe("escaped echoes of a registered secret", () => {
        const secret = `Sip'Pa&ss<1>"x y`;
        const s = new SecretRegistry();
        s.add(secret);
        const forms: Array<[string, string]> = [
            ["literal", secret],
            ["HTML named entities", "Sip&apos;Pa&amp;ss&lt;1&gt;&quot;x y"],
            ["HTML decimal entities", "Sip&#39;Pa&#38;ss&#60;1&#62;&#34;x&#32;y"],
            ["HTML hex entities", "Sip&#x27;Pa&#X26;ss&#x3C;1&#x3e;&#x22;x y"],
            ["JSON \\u escapes", "Sip\\u0027Pa\\u0026ss\\u003C1\\u003e\\u0022x\\u0020y"],
            ["JSON short escapes", 'Sip\'Pa&ss<1>\\"x y'],
            ["URL encoding", "Sip%27Pa%26ss%3C1%3E%22x%20y"],
            ["form encoding", "Sip%27Pa%26ss%3c1%3e%22x+y"],
        ];
        for (const [what, echoed] of forms) {
            it(`scrubs it written as ${what}`, () => {
                expect(s.scrub(`error: password ${echoed} rejected`)).to.equal("error: password [redacted] rejected");
            });
        }

        it("scrubs non-ASCII characters in every form", () => {
            const r = new SecretRegistry();
            r.add("Pässwörd-1");
            expect(r.scrub("a P%C3%A4ssw%C3%B6rd-1 b P\\u00e4ssw\\u00F6rd-1 c P&#228;ssw&#xf6;rd-1")).to.equal("a [redacted] b [redacted] c [redacted]");
        });
    });

    describe("short secrets", () => {
        it("scrubs a secret under 4 characters as a whole token, not inside words", () => {
            const s = new SecretRegistry();
            expect(s.add("ab9")).to.equal(false); // too short to scrub inside other text
            expect(s.add("Long-Enough")).to.equal(true);
            expect(s.scrub('password "ab9" is too short; tab9 and ab90 and SP1 stay')).to.equal('password "[redacted]" is too short; tab9 and ab90 and SP1 stay');
            expect(s.scrub("ab9")).to.equal("[redacted]");
        });
    });

    it("removes Basic credentials as well as Bearer tokens", () => {
        expect(new SecretRegistry().scrub("Authorization: Basic dXNlcjpwYXNz and Bearer abc.def")).to.equal("Authorization: Basic [redacted] and Bearer [redacted]");
    });

    it("sorts the secrets once when they are added, not on every scrub", () => {
        const s = new SecretRegistry();
        for (let i = 0; i < 50; i++) {
            s.add(`secret-number-${i}-${"x".repeat(i)}`);
        }
        s.scrub("warm up");
        const sort = sinon.spy(Array.prototype, "sort");
        try {
            for (let i = 0; i < 100; i++) {
                s.scrub(`line ${i} with secret-number-7-xxxxxxx in it`);
            }
            expect(sort.callCount).to.equal(0);
        } finally {
            sort.restore();
        }
        expect(s.scrub("x secret-number-12-xxxxxxxxxxxx y")).to.equal("x [redacted] y");
    });

    it("removes a secret that contains another one whole", () => {
        const s = new SecretRegistry();
        s.add("Inner-Pass");
        s.add("Outer-Inner-Pass-99");
        expect(s.scrub("a Outer-Inner-Pass-99 b Inner-Pass")).to.equal("a [redacted] b [redacted]");
    });
});
