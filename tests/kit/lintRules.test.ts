import { expect } from "chai";
import * as path from "path";

/**
 * The import rules `npm run lint` enforces, held against deliberate
 * violations: ESLint run with the repository's own config on text that
 * claims a path in the tree (nothing is written to disk).
 */
const REPO = path.resolve(__dirname, "../../..");

interface LintMessage {
    ruleId: string | null;
    message: string;
}

async function lint(text: string, filePath: string): Promise<LintMessage[]> {
    const { ESLint } = require("eslint") as { ESLint: new (o: { cwd: string }) => { lintText(t: string, o: { filePath: string }): Promise<Array<{ messages: LintMessage[] }>> } };
    const [result] = await new ESLint({ cwd: REPO }).lintText(text, { filePath: path.join(REPO, filePath) });
    return result.messages;
}

const restricted = (messages: LintMessage[]) => messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);

describe("lint: the API clients are endpoints only", function () {
    this.timeout(60_000);

    it("fails a client file that imports its own resource folder", async () => {
        const messages = await lint('import { TRUNK_GROUP } from "./trunkGroup/schema";\nexport const kind = TRUNK_GROUP.kind;\n', "provider/odin/violation.ts");
        expect(restricted(messages)).to.have.length(1);
        expect(restricted(messages)[0]).to.contain("the API clients are endpoints only");
    });

    it("fails a client file that imports the other API's resource folder", async () => {
        const messages = await lint('import { WEBEX_TRUNK } from "../webex/trunk/schema";\nexport const kind = WEBEX_TRUNK.kind;\n', "provider/odin/violation.ts");
        expect(restricted(messages)).to.have.length(1);
        const webex = await lint('import { TRUNK_GROUP } from "./trunk/schema";\nexport const kind = TRUNK_GROUP.kind;\n', "provider/webex/violation.ts");
        expect(restricted(webex)).to.have.length(1);
    });

    it("passes what a client may import (the transport, its own types and errors), and lets a resource import its client", async () => {
        expect(restricted(await lint('import type { TrunkGroupKey } from "./types";\nimport { isNotFound } from "./errors";\nexport const f = (k: TrunkGroupKey, e: unknown) => [k, isNotFound(e)];\n', "provider/odin/ok.ts"))).to.deep.equal([]);
        expect(restricted(await lint('import { OdinClient } from "../client";\nexport const c = OdinClient;\n', "provider/odin/trunkGroup/ok.ts"))).to.deep.equal([]);
    });

    it("the simulators still import no product code", async () => {
        const messages = await lint('import { TRUNK_GROUP } from "../../odin/trunkGroup/schema";\nexport const kind = TRUNK_GROUP.kind;\n', "provider/simulator/odin/violation.ts");
        expect(restricted(messages)[0]).to.contain("provider/simulator must not import product code");
    });
});
