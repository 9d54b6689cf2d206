import type * as pulumi from "@pulumi/pulumi";
import { ApiError, isApiError } from "../http/errors";
import { SecretRegistry, collectSecretValues } from "../http/redact";
import type { Logger } from "../http/transport";
import { ResourceInitError } from "../util/errors";
import { providerLogger } from "../util/log";
import { WebexClient } from "./client";
import { ConfigSource, WebexSettings, resolveWebexSettings } from "./config";
import { diffWebexTrunk } from "./diff";
import { ERROR_ADDRESS_IN_USE, hasErrorCode, isConflict, isNotFound } from "./errors";
import { fieldSpec } from "./schema";
import { buildOutputs, inputsFromOutputs } from "./state";
import type { PChargeInfoSupportPolicy, TrunkGet, TrunkPost, TrunkPut, TrunkType } from "./types";
import { P_CHARGE_INFO_POLICIES } from "./types";
import { checkWebexTrunk } from "./validate";

type Props = Record<string, unknown>;

/**
 * The WebexTrunk CRUD handlers, loaded inside the dynamic-provider host by
 * the serialized provider. Settings are read from the config that `configure`
 * received (then the environment) on first use, never at program time, so no
 * token is ever written into state. Module state is per host process.
 */
let configSource: ConfigSource | undefined;
let cached: { client: WebexClient; settings: WebexSettings } | undefined;
const secrets = new SecretRegistry();

function logger(): Logger {
    return providerLogger(secrets, "webex");
}

function context(): { client: WebexClient; settings: WebexSettings } {
    if (!cached) {
        const settings = resolveWebexSettings(configSource);
        secrets.add(settings.accessToken);
        cached = { settings, client: new WebexClient({ ...settings, secrets, log: logger() }) };
    }
    return cached;
}

/** Tests reset module state between simulated engine runs. */
export function resetForTests(source?: ConfigSource): void {
    configSource = source;
    cached = undefined;
}

function orgOf(props: Props, settings: WebexSettings): string | undefined {
    return typeof props.orgId === "string" && props.orgId !== "" ? props.orgId : settings.orgId;
}

/** Every error leaving the provider passes here: nothing secret may reach the engine's log. */
async function guarded<T>(props: unknown, fn: () => Promise<T>): Promise<T> {
    collectSecretValues(props, (v) => secrets.add(v));
    try {
        return await fn();
    } catch (e) {
        throw scrubError(e);
    }
}

/**
 * A plain Error with the scrubbed message. Not the ApiError itself: the host
 * hands read/delete errors straight to grpc-js, which takes a numeric `code`
 * as the gRPC status and `details` as the whole message, so a Webex error
 * code (25015) would become a bogus status and the text would be cut down.
 */
function scrubError(e: unknown): Error {
    const message = secrets.scrub(e instanceof Error ? e.message : String(e));
    if (e instanceof ResourceInitError) {
        return new ResourceInitError(message, e.id, e.properties, e.reasons.map((r) => secrets.scrub(r)));
    }
    const plain = new Error(message);
    plain.name = isApiError(e) ? "WebexApiError" : "Error";
    return plain;
}

function postBody(inputs: Props): TrunkPost {
    const body: Props = {};
    for (const key of ["name", "locationId", "password", "trunkType", "dualIdentitySupportEnabled", "deviceType", "address", "domain", "port", "maxConcurrentCalls", "pChargeInfoSupportPolicy"]) {
        if (inputs[key] !== undefined && inputs[key] !== null) {
            body[key] = inputs[key];
        }
    }
    return body as unknown as TrunkPost;
}

async function create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
    const { client, settings } = context();
    const orgId = orgOf(inputs, settings);
    const body = postBody(inputs);
    await checkAgainstTrunkTypes(client, body.trunkType, body.deviceType, body.maxConcurrentCalls, orgId);
    let id: string;
    try {
        id = (await client.createTrunk(body, orgId)).id;
    } catch (e) {
        throw await explainCreateError(client, e, body, orgId);
    }
    let read;
    try {
        read = await client.getTrunk(id, orgId);
    } catch (e) {
        // The trunk exists: hand the engine its id so it is tracked, not leaked.
        const reason = `Webex trunk "${body.name}" was created (id ${id}) but reading it back failed: ${(e as Error).message}. Run \`pulumi refresh\`.`;
        const properties: Props = { ...withoutProvider(inputs), trunkId: id };
        delete properties.password; // kept out of the error payload; the next update sends it again
        if (orgId) {
            properties.orgId = orgId;
        }
        // The host does not add it to an error's properties, and without it the
        // engine's later read, update or delete of this trunk could not load us.
        properties.__provider = inputs.__provider;
        throw new ResourceInitError(reason, id, properties);
    }
    return { id, outs: buildOutputs(read, id, inputs, orgId) };
}

async function explainCreateError(client: WebexClient, e: unknown, body: TrunkPost, orgId: string | undefined): Promise<unknown> {
    if (!isApiError(e) || !isConflict(e)) {
        return e;
    }
    if (hasErrorCode(e, ERROR_ADDRESS_IN_USE)) {
        return e.withHint(
            `Another certificate-based trunk already uses ${body.address}:${body.port ?? ""} (domain ${body.domain}); ` +
                "address, domain and port must be unique across certificate-based trunks in the org",
        );
    }
    let existing = "";
    try {
        const found = await client.findTrunksByName(body.name, orgId);
        existing = found[0] ? `{ import: "${found[0].id}" }` : "";
    } catch {
        // only for the hint
    }
    return e.withHint(
        `Trunk names are unique in a Webex org and "${body.name}" is taken. Choose another name` +
            (existing ? `, or adopt the existing trunk with the resource option ${existing}` : ", or adopt the existing trunk with the resource option { import: \"<trunk id>\" }"),
    );
}

/**
 * Device types and their call limits are per org and only the API knows
 * them (GET .../trunkTypes), so they are checked here rather than in check.
 * Advisory: if that list cannot be read, Webex will judge the request itself.
 */
async function checkAgainstTrunkTypes(
    client: WebexClient,
    trunkType: string | undefined,
    deviceType: string | undefined,
    maxConcurrentCalls: number | undefined,
    orgId: string | undefined,
): Promise<void> {
    if (deviceType === undefined && maxConcurrentCalls === undefined) {
        return;
    }
    let types;
    try {
        types = await client.trunkTypes(orgId);
    } catch {
        return;
    }
    const forType = types.find((t) => String(t?.trunkType ?? "").toUpperCase() === String(trunkType ?? "").toUpperCase());
    const devices = Array.isArray(forType?.deviceTypes) ? forType.deviceTypes.filter((d) => d && typeof d.deviceType === "string") : [];
    if (devices.length === 0) {
        return;
    }
    const device = deviceType !== undefined ? devices.find((d) => d.deviceType === deviceType) : undefined;
    if (deviceType !== undefined && !device) {
        throw new Error(`deviceType "${deviceType}" is not offered for ${trunkType} trunks in this org; Webex offers: ${devices.map((d) => `"${d.deviceType}"`).join(", ")}`);
    }
    if (maxConcurrentCalls === undefined) {
        return;
    }
    // Without a device type Webex picks one; refuse only what no device type allows.
    const candidates = device ? [device] : devices;
    const fits = (d: (typeof devices)[number]) =>
        !(typeof d.minConcurrentCalls === "number" && maxConcurrentCalls < d.minConcurrentCalls) &&
        !(typeof d.maxConcurrentCalls === "number" && maxConcurrentCalls > d.maxConcurrentCalls);
    if (!candidates.some(fits)) {
        const ranges = candidates.map((d) => `"${d.deviceType}" ${d.minConcurrentCalls ?? 1} to ${d.maxConcurrentCalls ?? "unlimited"}`).join("; ");
        throw new Error(`maxConcurrentCalls ${maxConcurrentCalls} is outside the range Webex allows for ${trunkType} trunks: ${ranges}`);
    }
}

async function read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const { client, settings } = context();
    const p = props ?? {};
    const orgId = orgOf(p, settings);
    const found = await client.findTrunk(id, orgId);
    if (!found) {
        return { id: "", props: {} }; // the host reports an empty id as "gone"
    }
    // On refresh `props` are the previous outputs; on import they are the
    // program's inputs (the host falls back to them), so the declared password
    // is kept either way. Import by id alone has no password to keep: the diff
    // then claims no password change, and the next update sends the declared one.
    const outs = buildOutputs(found, id, p, orgId);
    return { id, props: outs, inputs: inputsFromOutputs(outs) };
}

async function update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    const { client, settings } = context();
    const orgId = orgOf(news, settings);
    let current: TrunkGet;
    try {
        current = (await client.getTrunk(id, orgId)).trunk;
    } catch (e) {
        if (isNotFound(e)) {
            throw (e as ApiError).withHint(`Webex trunk ${id} was deleted outside Pulumi; run \`pulumi refresh\` so the next \`pulumi up\` creates it again`);
        }
        throw e;
    }
    const d = diffWebexTrunk(olds, news);
    if (d.changedKeys.includes("maxConcurrentCalls")) {
        const trunkType = String(current.trunkType ?? news.trunkType ?? "");
        await checkAgainstTrunkTypes(client, trunkType, current.deviceType ?? (news.deviceType as string | undefined), news.maxConcurrentCalls as number, orgId);
    }
    const body = putBody(news, current);
    try {
        await client.updateTrunk(id, body, orgId);
    } catch (e) {
        if (isConflict(e) && isApiError(e)) {
            throw e.withHint(`Trunk names are unique in a Webex org and "${body.name}" is taken`);
        }
        throw e;
    }
    const after = await client.getTrunk(id, orgId);
    return { outs: buildOutputs(after, id, news, orgId) };
}

/**
 * Webex PUTs replace the settable fields as a whole, so a field the program
 * does not set is sent with its current value rather than omitted (which may
 * reset it). maxConcurrentCalls is only carried for certificate-based trunks
 * unless the program sets it: some tools refuse it on registering ones.
 */
function putBody(news: Props, current: TrunkGet): TrunkPut {
    const body: TrunkPut = { name: String(news.name), password: String(news.password) };
    const dual = news.dualIdentitySupportEnabled ?? current.dualIdentitySupportEnabled;
    if (typeof dual === "boolean") {
        body.dualIdentitySupportEnabled = dual;
    }
    const policy = String(news.pChargeInfoSupportPolicy ?? current.pChargeInfoSupportPolicy ?? "").toUpperCase();
    if ((P_CHARGE_INFO_POLICIES as readonly string[]).includes(policy)) {
        body.pChargeInfoSupportPolicy = policy as PChargeInfoSupportPolicy;
    }
    const certificate = String(current.trunkType ?? news.trunkType ?? "").toUpperCase() === ("CERTIFICATE_BASED" satisfies TrunkType);
    const calls = news.maxConcurrentCalls ?? (certificate ? current.maxConcurrentCalls : undefined);
    if (typeof calls === "number" && Number.isFinite(calls)) {
        body.maxConcurrentCalls = calls;
    }
    return body;
}

async function remove(id: string, props: Props): Promise<void> {
    const { client, settings } = context();
    try {
        await client.deleteTrunk(id, orgOf(props ?? {}, settings)); // 404: already gone, which is the goal
    } catch (e) {
        if (isApiError(e) && (e.status === 409 || e.status === 400)) {
            throw e.withHint(
                "A trunk still used by a route group, a dial plan, a location's PSTN connection or call-to-extension settings cannot be deleted; " +
                    "remove those references first (GET .../premisePstn/trunks/{id}/usage lists them)",
            );
        }
        throw e;
    }
}

function withoutProvider(props: Props): Props {
    const out: Props = {};
    for (const [k, v] of Object.entries(props)) {
        if (fieldSpec(k)) {
            out[k] = v;
        }
    }
    return out;
}

export const handlers: pulumi.dynamic.ResourceProvider = {
    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
        configSource = req.config;
        cached = undefined;
    },
    async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
        collectSecretValues(news, (v) => secrets.add(v));
        const r = checkWebexTrunk(olds, news);
        return { inputs: r.inputs, failures: r.failures.map((f) => ({ property: f.property, reason: secrets.scrub(f.reason) })) };
    },
    async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
        const d = diffWebexTrunk(olds, news);
        return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
    },
    create: (inputs: Props) => guarded(inputs, () => create(inputs)),
    read: (id: string, props: Props) => guarded(props, () => read(id, props)),
    update: (id: string, olds: Props, news: Props) => guarded(news, () => update(id, olds, news)),
    delete: (id: string, props: Props) => guarded(props, () => remove(id, props)),
};
