import { expect } from "chai";
import { checkConfig2Request, handshakeRequest, wireJson } from "./wire";

/** wire.ts: requests in the protojson form the real engine's PULUMI_DEBUG_GRPC log prints, and the parts built by hand. */
describe("test engine: requests as the engine's gRPC log prints them", () => {
    const pb = require("@pulumi/pulumi/proto/provider_pb");
    const structpb = require("google-protobuf/google/protobuf/struct_pb");

    it("leaves out unset and default fields, keeps a set empty Struct, prints bytes as base64", () => {
        const req = new pb.CheckRequest();
        req.setUrn("urn:pulumi:dev::p::t::a");
        req.setOlds(structpb.Struct.fromJavaScript({}));
        req.setNews(structpb.Struct.fromJavaScript({ n: 1, s: "x" }));
        req.setRandomseed(new Uint8Array([1, 2, 3]));
        expect(wireJson("CheckRequest", req)).to.deep.equal({ urn: "urn:pulumi:dev::p::t::a", olds: {}, news: { n: 1, s: "x" }, randomSeed: "AQID" });

        const upd = new pb.UpdateRequest();
        upd.setId("i");
        upd.setIgnorechangesList(["a"]);
        upd.setPreview(false);
        expect(wireJson("UpdateRequest", upd)).to.deep.equal({ id: "i", ignoreChanges: ["a"] });

        const cfg = new pb.ConfigureRequest();
        cfg.getVariablesMap().set("k", "v");
        cfg.setAcceptsecrets(true);
        expect(wireJson("ConfigureRequest", cfg)).to.deep.equal({ variables: { k: "v" }, acceptSecrets: true });
    });

    it("the handshake carries accepts_outputs_in_call (field 14) after the fields the installed stubs know", () => {
        const req = new pb.ProviderHandshakeRequest();
        req.setEngineAddress("127.0.0.1:1");
        req.setRootDirectory("");
        const { bytes, wire } = handshakeRequest(req);
        expect(Array.from(bytes.slice(-2))).to.deep.equal([0x70, 0x01]);
        expect(pb.ProviderHandshakeRequest.deserializeBinary(bytes.slice(0, -2)).getEngineAddress()).to.equal("127.0.0.1:1");
        // A set optional field shows even when empty.
        expect(wire).to.deep.equal({ engineAddress: "127.0.0.1:1", rootDirectory: "", acceptsOutputsInCall: true });
    });

    it("CheckConfig2's request decodes to urn, name, type, old and new inputs (fields 1-5)", () => {
        const olds = structpb.Struct.fromJavaScript({ a: "1" });
        const news = structpb.Struct.fromJavaScript({ a: "2" });
        const { bytes, wire } = checkConfig2Request("urn:x", "default", "pulumi:providers:pulumi-nodejs", olds, news);
        const { BinaryReader } = require("google-protobuf");
        const r = new BinaryReader(bytes);
        const got: Record<number, unknown> = {};
        while (r.nextField() && !r.isEndGroup()) {
            const f = r.getFieldNumber();
            if (f <= 3) {
                got[f] = r.readString();
            } else {
                const s = new structpb.Struct();
                r.readMessage(s, structpb.Struct.deserializeBinaryFromReader);
                got[f] = s.toJavaScript();
            }
        }
        expect(got).to.deep.equal({ 1: "urn:x", 2: "default", 3: "pulumi:providers:pulumi-nodejs", 4: { a: "1" }, 5: { a: "2" } });
        expect(wire).to.deep.equal({ urn: "urn:x", name: "default", type: "pulumi:providers:pulumi-nodejs", oldInputs: { a: "1" }, newInputs: { a: "2" } });
    });
});
