import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { programError, sayingOnly } from "../../provider/capacity/programError";

describe("what the capacity report fails a program with", () => {
    it("a RunError carrying the message and no stack frames (the SDK formats a stack before it prints a message)", async () => {
        const e = programError(new Error("odin:oversubscription is \"deny\" …"));
        expect(pulumi.RunError.isInstance(e)).to.equal(true);
        expect(e.message).to.equal('odin:oversubscription is "deny" …');
        expect(e.stack).to.equal(e.message);
        expect(programError("plain text").stack).to.equal("plain text");

        const failed = await sayingOnly(Promise.reject(new TypeError("Odin API GET /x failed"))).then(
            () => undefined,
            (x: Error) => x,
        );
        expect(pulumi.RunError.isInstance(failed)).to.equal(true);
        expect(failed!.stack).to.equal("Odin API GET /x failed");
        expect(await sayingOnly(Promise.resolve(7))).to.equal(7);
    });
});
