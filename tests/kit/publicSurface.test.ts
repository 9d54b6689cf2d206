import { expect } from "chai";

describe("package entries", () => {
    it("the root exports the resources, the capacity functions and renderers, ApiError and the wire types' constants, nothing internal", () => {
        // Through the package name, as a user's program imports it. Types leave no runtime trace; these are the values.
        expect(Object.keys(require("pulumi-trunking")).sort()).to.deep.equal([
            "ApiError",
            "EnterpriseTrunk",
            "GroupTrunkingCapacity",
            "P_CHARGE_INFO_POLICIES",
            "ServiceProviderTrunkingCapacity",
            "TRUNK_TYPES",
            "TrunkGroup",
            "WebexTrunk",
            "formatCapacityTable",
            "getTrunkingCapacity",
            "getTrunkingCapacityOutput",
            "renderCapacityCsv",
            "renderCapacityHtml",
            "renderCapacityMarkdown",
        ]);
    });

    it("pulumi-trunking/dynamic exports load (the one entry serialized providers use) and kinds (what the provider plugin serves), nothing else", () => {
        expect(Object.keys(require("pulumi-trunking/dynamic")).sort()).to.deep.equal(["kinds", "load"]);
    });
});
