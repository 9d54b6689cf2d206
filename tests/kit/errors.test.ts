import { expect } from "chai";
import { ApiError } from "../../provider/http/errors";
import { SecretRegistry } from "../../provider/http/redact";
import { ResourceInitError, toHostError } from "../../provider/kit/errors";

describe("kit error boundary", () => {
    const secrets = new SecretRegistry();
    secrets.add("Top-Secret-Pw1");

    it("an ApiError becomes a plain Error with the whole message and no numeric code for grpc-js to take as the status", () => {
        const e = new ApiError({ api: "Webex", method: "POST", path: "/trunks", status: 400, apiMessage: "Invalid characters", code: 25015, attempts: 1 });
        const out = toHostError(e, secrets);
        expect(Object.getPrototypeOf(out)).to.equal(Error.prototype);
        expect(out.message).to.equal(e.message);
        expect(out).not.to.have.property("code");
        expect(out).not.to.have.property("details");
        expect(out).not.to.have.property("id");
    });

    it("scrubs every registered secret, whatever was thrown", () => {
        expect(toHostError(new Error("login as x with Top-Secret-Pw1 failed"), secrets).message).to.equal("login as x with [redacted] failed");
        expect(toHostError("plain Top-Secret-Pw1 text", secrets).message).to.equal("plain [redacted] text");
    });

    it("an init failure keeps its id and properties, with scrubbed reasons, so the engine records the object", () => {
        const props = { name: "A", __provider: "text" };
        const out = toHostError(new ResourceInitError("created; read-back failed with Top-Secret-Pw1", "ID1", props), secrets) as Error & Record<string, unknown>;
        expect(Object.getPrototypeOf(out)).to.equal(Error.prototype);
        expect(out.message).to.equal("created; read-back failed with [redacted]");
        expect(out.id).to.equal("ID1");
        expect(out.properties).to.deep.equal(props);
        expect(out.reasons).to.deep.equal(["created; read-back failed with [redacted]"]);
    });

    it("recognises an init failure from another copy of the package by its fields, as the host does", () => {
        const foreign = Object.assign(new Error("half made"), { id: "ID2", properties: { a: 1 }, reasons: ["half made"] });
        expect(toHostError(foreign, secrets)).to.include({ id: "ID2" });
    });
});
