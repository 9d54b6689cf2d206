/**
 * A request to the provider host as the real engine's PULUMI_DEBUG_GRPC log
 * prints it: Go's protojson of the message (JSON field names, unset and
 * default scalars left out, a set Struct as its JSON even when empty, bytes
 * as base64). The test engine records this beside its own summary of each
 * request, so the conformance test (tests/e2e/conformance.e2e.ts) can set the
 * two engines' requests side by side field by field.
 *
 * The field lists are those of the installed SDK's protobuf stubs
 * (@pulumi/pulumi/proto/provider_pb.js); what those stubs do not have is
 * built by hand: CheckConfig2's request (checkConfig2Request) and the
 * handshake's accepts_outputs_in_call (handshakeRequest).
 */

type Kind = "string" | "optionalString" | "bool" | "double" | "struct" | "strings" | "bytes" | "map";

/** [JSON name, the jspb accessor's suffix (getX / hasX), kind]. */
type Field = [string, string, Kind];

const S = (name: string, accessor = cap(name)): Field => [name, accessor, "string"];
const B = (name: string, accessor = cap(name)): Field => [name, accessor, "bool"];
const ST = (name: string, accessor = cap(name)): Field => [name, accessor, "struct"];

const STATUS: Field[] = [S("resourceStatusAddress"), S("resourceStatusToken")];

export const WIRE_FIELDS: Record<string, Field[]> = {
    ProviderHandshakeRequest: [
        S("engineAddress"),
        ["rootDirectory", "RootDirectory", "optionalString"],
        ["programDirectory", "ProgramDirectory", "optionalString"],
        B("configureWithUrn"),
        B("supportsViews"),
        B("supportsRefreshBeforeUpdate"),
        B("invokeWithPreview"),
        ["mapperTarget", "MapperTarget", "optionalString"],
        ["loaderTarget", "LoaderTarget", "optionalString"],
        ["resolverTarget", "ResolverTarget", "optionalString"],
        B("acceptsByteString"),
        B("sendsOldOutputsToCheck"),
        B("acceptsOutputsInInvoke"),
    ],
    Empty: [],
    ConfigureRequest: [
        ["variables", "VariablesMap", "map"],
        ST("args"),
        B("acceptSecrets", "Acceptsecrets"),
        B("acceptResources", "Acceptresources"),
        B("sendsOldInputs"),
        B("sendsOldInputsToDelete"),
        S("id"),
        S("urn"),
        S("name"),
        S("type"),
    ],
    CheckRequest: [S("urn"), ST("olds"), ST("news"), ["randomSeed", "Randomseed", "bytes"], S("name"), S("type"), ST("oldOutputs")],
    DiffRequest: [S("id"), S("urn"), ST("olds"), ST("news"), ["ignoreChanges", "IgnorechangesList", "strings"], ST("oldInputs"), S("name"), S("type")],
    CreateRequest: [S("urn"), ST("properties"), ["timeout", "Timeout", "double"], B("preview"), S("name"), S("type"), ...STATUS],
    ReadRequest: [S("id"), S("urn"), ST("properties"), ST("inputs"), S("name"), S("type"), ...STATUS, ["timeout", "Timeout", "double"]],
    UpdateRequest: [
        S("id"),
        S("urn"),
        ST("olds"),
        ST("news"),
        ["timeout", "Timeout", "double"],
        ["ignoreChanges", "IgnorechangesList", "strings"],
        B("preview"),
        ST("oldInputs"),
        S("name"),
        S("type"),
        ...STATUS,
    ],
    DeleteRequest: [S("id"), S("urn"), ST("properties"), ["timeout", "Timeout", "double"], ST("oldInputs"), S("name"), S("type"), ...STATUS],
};

function cap(s: string): string {
    return s[0].toUpperCase() + s.slice(1);
}

/** The protojson form of a jspb message of one of the types above. */
export function wireJson(type: keyof typeof WIRE_FIELDS, msg: any): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, accessor, kind] of WIRE_FIELDS[type]) {
        const get = (): any => msg[`get${accessor}`]();
        switch (kind) {
            case "string":
            case "double":
            case "bool": {
                const v = get();
                if (v) {
                    out[name] = v;
                }
                break;
            }
            case "optionalString":
                if (msg[`has${accessor}`]()) {
                    out[name] = get();
                }
                break;
            case "struct":
                if (msg[`has${accessor}`]()) {
                    out[name] = get().toJavaScript();
                }
                break;
            case "strings": {
                const v = get() as string[];
                if (v.length > 0) {
                    out[name] = [...v];
                }
                break;
            }
            case "bytes": {
                const v = msg[`get${accessor}_asB64`]() as string;
                if (v) {
                    out[name] = v;
                }
                break;
            }
            case "map": {
                const entries = get().toObject() as Array<[string, unknown]>;
                if (entries.length > 0) {
                    out[name] = Object.fromEntries(entries);
                }
                break;
            }
        }
    }
    return out;
}

/**
 * CheckConfig2's request (pulumirpc.CheckConfigRequest: urn 1, name 2, type 3,
 * old_inputs 4, new_inputs 5), serialized by hand: the installed stubs predate
 * it. Returns the bytes to send and the protojson to record.
 */
export function checkConfig2Request(urn: string, name: string, type: string, oldInputs: any, newInputs: any): { bytes: Uint8Array; wire: Record<string, unknown> } {
    const { BinaryWriter } = require("google-protobuf");
    const structpb = require("google-protobuf/google/protobuf/struct_pb");
    const w = new BinaryWriter();
    w.writeString(1, urn);
    w.writeString(2, name);
    w.writeString(3, type);
    w.writeMessage(4, oldInputs, structpb.Struct.serializeBinaryToWriter);
    w.writeMessage(5, newInputs, structpb.Struct.serializeBinaryToWriter);
    return { bytes: w.getResultBuffer(), wire: { urn, name, type, oldInputs: oldInputs.toJavaScript(), newInputs: newInputs.toJavaScript() } };
}

/**
 * The handshake request with accepts_outputs_in_call (field 14, a bool the
 * engine sets since pkg/resource/plugin/provider_plugin.go:278-300 at
 * v3.277.0), which the installed stubs do not have: appended to the
 * message's bytes, as protobuf allows.
 */
export function handshakeRequest(req: any): { bytes: Uint8Array; wire: Record<string, unknown> } {
    const base = req.serializeBinary() as Uint8Array;
    const bytes = new Uint8Array(base.length + 2);
    bytes.set(base);
    bytes.set([(14 << 3) | 0, 1], base.length);
    const wire = wireJson("ProviderHandshakeRequest", req);
    // protojson lists fields in field-number order: 14 goes last of those set.
    return { bytes, wire: { ...wire, acceptsOutputsInCall: true } };
}
