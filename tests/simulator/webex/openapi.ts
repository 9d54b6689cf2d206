/**
 * Validates the Webex simulator's RESPONSES against the published OpenAPI
 * subset of the trunk API (read from the reference folder, see specPath),
 * with the corrections live orgs require - each written down here, none silent:
 *
 * 1. `DeviceType` is the `DEVICE | APPLICATION` enum of an unrelated API; the
 *    trunk-types answer really carries objects {deviceType, minConcurrentCalls,
 *    maxConcurrentCalls} (wxc_sdk TrunkDeviceType, tested against live orgs).
 * 2. `TrunkGet` marks `port` required; REGISTERING trunks and certificate
 *    trunks addressed by DNS SRV have none.
 * 3. wxc_sdk's shape only: the org is `organization` (not `customer`) and
 *    `responseStatus` is a list of ResponseStatus, empty on a 200 (wxc_sdk
 *    TrunkDetail). The spec's own shape is validated as published.
 *
 * And one more, for wxc_sdk's shape only:
 * 4. `status` is lower case (wxc_sdk DeviceStatus: online|offline|unknown; the
 *    practitioner KB agrees), where the spec's enum is upper case.
 *
 * Strictness the spec does not state, added so a stray or misspelt key
 * fails: trunk GETs, list items, usage counts and usage items allow no keys
 * beyond their declared properties (plus `id` and `organization` on a trunk
 * GET, which the spec omits and wxc_sdk requires).
 */
import Ajv, { ValidateFunction } from "ajv";
import { existsSync, readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";

export type Shape = "wxc_sdk" | "spec";

/** shared/reference/webex-trunks.openapi.yml, found upward from here (the repo or a worktree of it), or $TRUNKING_REFERENCE_DIR. */
export function specPath(): string {
    const candidates: string[] = [];
    if (process.env.TRUNKING_REFERENCE_DIR) {
        candidates.push(path.join(process.env.TRUNKING_REFERENCE_DIR, "webex-trunks.openapi.yml"));
    }
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
        candidates.push(path.join(dir, "shared", "reference", "webex-trunks.openapi.yml"));
        if (path.dirname(dir) === dir) {
            break;
        }
    }
    const found = candidates.find((c) => existsSync(c));
    if (!found) {
        throw new Error(`webex-trunks.openapi.yml not found (looked in ${candidates.join(", ")}); set TRUNKING_REFERENCE_DIR`);
    }
    return found;
}

interface Operation {
    responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

export class ResponseValidator {
    private readonly doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, any> } };
    private readonly compiled = new Map<string, ValidateFunction>();
    private readonly ajv = new Ajv({ strict: true, allErrors: true });

    constructor(private readonly shape: Shape) {
        this.doc = parse(readFileSync(specPath(), "utf8"));
        this.ajv.addKeyword("example");
        this.defs = toDefs(corrected(this.doc.components.schemas, shape)) as Record<string, unknown>;
    }

    private readonly defs: Record<string, unknown>;

    /**
     * Checks one answer: `template` is the spec's path (e.g. "/telephony/config/premisePstn/trunks/{trunkId}").
     * A 206 is judged by the 200 schema (the spec documents the 206 only in TrunkGet's text). Answers the
     * spec gives no body schema for (204, errors) must have no body, resp. are not judged here.
     */
    errors(method: string, template: string, status: number, body: unknown): string[] {
        const op = this.doc.paths[template]?.[method.toLowerCase()];
        if (!op) {
            return [`the spec has no ${method} ${template}`];
        }
        const code = status === 206 ? "200" : String(status);
        const response = op.responses[code];
        if (!response) {
            return [`the spec documents no ${code} for ${method} ${template}`];
        }
        const schema = response.content?.["application/json"]?.schema;
        if (!schema) {
            return body === undefined ? [] : [`${method} ${template} ${status} has no body in the spec, got ${JSON.stringify(body)}`];
        }
        const key = `${method} ${template} ${code}`;
        let validate = this.compiled.get(key);
        if (!validate) {
            validate = this.ajv.compile({ ...(toDefs(schema) as object), $defs: this.defs });
            this.compiled.set(key, validate);
        }
        return validate(body) ? [] : (validate.errors ?? []).map((e) => `${key}: ${e.instancePath || "(body)"} ${e.message} ${JSON.stringify(e.params)}`);
    }
}

function corrected(schemas: Record<string, any>, shape: Shape): Record<string, any> {
    const s = structuredClone(schemas);
    // Correction 1.
    s.DeviceType = {
        type: "object",
        required: ["deviceType", "minConcurrentCalls", "maxConcurrentCalls"],
        additionalProperties: false,
        properties: { deviceType: { type: "string" }, minConcurrentCalls: { type: "number" }, maxConcurrentCalls: { type: "number" } },
    };
    // Correction 2.
    s.TrunkGet.required = s.TrunkGet.required.filter((k: string) => k !== "port");
    // Strictness (see the header).
    s.TrunkGet.properties.id = { type: "string" };
    s.TrunkGet.properties.organization = { $ref: "#/components/schemas/Customer" };
    for (const name of ["TrunkGet", "Trunk", "LocalGatewayUsageCount", "DialPlanUsageGetResponse", "RouteGroupUsageGetResponse", "Location"]) {
        s[name].additionalProperties = false;
    }
    if (shape === "wxc_sdk") {
        // Correction 3.
        s.TrunkGet.required = s.TrunkGet.required.map((k: string) => (k === "customer" ? "organization" : k)).concat("responseStatus");
        s.TrunkGet.properties.responseStatus = { type: "array", items: { $ref: "#/components/schemas/ResponseStatus" } };
        // Correction 4.
        s.DeviceStatus = { type: "string", enum: ["online", "offline", "unknown"] };
    }
    return s;
}

/** OpenAPI refs point into components/schemas; JSON Schema's home for them is $defs. */
export function toDefs(node: unknown): unknown {
    if (Array.isArray(node)) {
        return node.map(toDefs);
    }
    if (node && typeof node === "object") {
        return Object.fromEntries(
            Object.entries(node).map(([k, v]) => [k, k === "$ref" && typeof v === "string" ? v.replace("#/components/schemas/", "#/$defs/") : toDefs(v)]),
        );
    }
    return node;
}
