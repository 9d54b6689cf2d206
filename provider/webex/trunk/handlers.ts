import type * as pulumi from "@pulumi/pulumi";
import { ApiError, isApiError } from "../../http/errors";
import type { SecretRegistry } from "../../http/redact";
import type { Logger } from "../../http/transport";
import { ADOPT_INPUT, adoptInstruction } from "../../kit/adopt";
import { createOnce } from "../../kit/createOnce";
import { differingFields } from "../../kit/diff";
import { ResourceInitError } from "../../kit/errors";
import { Session, resourceHandlers } from "../../kit/handlers";
import { fieldKeys, typedInputs } from "../../kit/schema";
import { PROVIDER_KEY } from "../../util/check";
import { WebexClient } from "../client";
import { ConfigSource, WebexSettings, resolveWebexSettings } from "../config";
import { ERROR_ADDRESS_IN_USE, hasErrorCode, isConflict, isNotFound } from "../errors";
import type { PChargeInfoSupportPolicy, TrunkGet, TrunkPost, TrunkPut, TrunkType } from "../types";
import { P_CHARGE_INFO_POLICIES } from "../types";
import { adoptWebexTrunk } from "./adopt";
import { checkWebexTrunk } from "./check";
import { WEBEX_TRUNK_DIFF, diffWebexTrunk } from "./diff";
import { WEBEX_TRUNK, WebexTrunkInputs } from "./schema";
import { buildOutputs, inputsFromOutputs, inputsFromServer } from "./state";

type Props = Record<string, unknown>;
/** The client and the settings it was built from (the default org). */
interface WebexApi {
    client: WebexClient;
    settings: WebexSettings;
}
type Webex = Session<WebexApi>;

/** A trunk found by name, with what Webex reports about it. */
interface FoundTrunk {
    id: string;
    trunk: TrunkGet;
}

/** The org a call goes to: the resource's own, else webex:orgId, else the token's. */
function orgOf(props: Props, settings: WebexSettings): string | undefined {
    return typeof props.orgId === "string" && props.orgId !== "" ? props.orgId : settings.orgId;
}

const ADOPT_HINT = adoptInstruction("webex", WEBEX_TRUNK.title);

/** The POST body: every field the program set; orgId travels as a query parameter. */
function postBody(inputs: WebexTrunkInputs): TrunkPost {
    const { orgId: _orgId, ...body } = inputs;
    return body;
}

async function create(s: Webex, props: Props): Promise<pulumi.dynamic.CreateResult> {
    const { client, settings } = s.api();
    const orgId = orgOf(props, settings);
    const body = postBody(typedInputs(WEBEX_TRUNK, props));
    const adoption = s.adoption(props);
    if (adoption) {
        const news = typedInputs(WEBEX_TRUNK, props);
        const adopted = await adoptWebexTrunk(client, adoption, body, props, orgId, (id, current) => client.updateTrunk(id, putBody(news, current), orgId), s.log);
        if (adopted) {
            return adopted;
        }
    }
    await checkAgainstTrunkTypes(client, body.trunkType, body.deviceType, body.maxConcurrentCalls, orgId);
    let id: string;
    try {
        const outcome = await createOnce<{ id: string }, FoundTrunk>({
            what: `Webex trunk "${body.name}"`,
            post: () => client.createTrunk(body, orgId),
            find: () => findByName(client, body.name, orgId),
            differences: (found) => differingFields(WEBEX_TRUNK, body, inputsFromServer(found.trunk), WEBEX_TRUNK_DIFF),
            idOf: (found) => found.id,
            adoptHint: ADOPT_HINT,
            isAlreadyExists: isConflict,
            // Webex assigns the id, so without an answer there is nothing for the engine to keep.
            unconfirmed: (message) => new Error(`${message} Check Control Hub; if the trunk exists, ${ADOPT_HINT.charAt(0).toLowerCase()}${ADOPT_HINT.slice(1)}`),
            log: s.log,
        });
        id = "found" in outcome ? outcome.found.id : outcome.posted.id;
    } catch (e) {
        throw await explainCreateError(client, e, body, orgId, adoption !== undefined);
    }
    let read;
    try {
        read = await client.getTrunk(id, orgId);
    } catch (e) {
        // The trunk exists: hand the engine its id so it is tracked, not leaked.
        const reason = `Webex trunk "${body.name}" was created (id ${id}) but reading it back failed: ${(e as Error).message}. Run \`pulumi refresh\`.`;
        const properties: Props = Object.fromEntries(fieldKeys(WEBEX_TRUNK, props).map((k) => [k, props[k]]));
        properties.trunkId = id;
        delete properties.password; // kept out of the error payload; the next update sends it again
        if (orgId) {
            properties.orgId = orgId;
        }
        // The host does not add it to an error's properties, and without it the
        // engine's later read, update or delete of this trunk could not load us.
        properties[PROVIDER_KEY] = props[PROVIDER_KEY];
        throw new ResourceInitError(reason, id, properties);
    }
    return { id, outs: buildOutputs(read, id, props, orgId) };
}

/** Exact name match (names are unique in an org), with the trunk's details to compare. */
async function findByName(client: WebexClient, name: string, orgId: string | undefined): Promise<FoundTrunk | undefined> {
    const [candidate] = await client.findTrunksByName(name, orgId);
    return candidate ? { id: candidate.id, trunk: (await client.getTrunk(candidate.id, orgId)).trunk } : undefined;
}

async function explainCreateError(client: WebexClient, e: unknown, body: TrunkPost, orgId: string | undefined, adopting: boolean): Promise<unknown> {
    if (!isApiError(e) || !isConflict(e)) {
        return e;
    }
    if (hasErrorCode(e, ERROR_ADDRESS_IN_USE)) {
        return e.withHint(
            `Another certificate-based trunk already uses ${body.address}:${body.port ?? ""} (domain ${body.domain}); ` +
                "address, domain and port must be unique across certificate-based trunks in the org",
        );
    }
    let existing: { id: string; name: string } | undefined;
    try {
        // Names are unique ignoring case, so the trunk holding this one may be spelt otherwise.
        const all = await client.listTrunks({}, orgId);
        existing = all.find((t) => String(t.name).toLowerCase() === body.name.toLowerCase());
    } catch {
        // only for the hint
    }
    if (existing && existing.name !== body.name) {
        return e.withHint(
            `Trunk names are unique in a Webex org ignoring case, and trunk ${existing.id} is named "${existing.name}". ` +
                `To take that one over, declare name: ${JSON.stringify(existing.name)} (with ${ADOPT_INPUT}: "apply" it is then renamed), or choose another name`,
        );
    }
    if (adopting) {
        return e.withHint(`Trunk names are unique in a Webex org and "${body.name}" was taken after this run looked for it; run \`pulumi up\` again to adopt it`);
    }
    return e.withHint(`Trunk names are unique in a Webex org and "${body.name}" is taken${existing ? ` (trunk ${existing.id})` : ""}, and this stack does not manage it. ${ADOPT_HINT} Or choose another name`);
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

async function read(s: Webex, id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const { client, settings } = s.api();
    const orgId = orgOf(props, settings);
    const found = await client.findTrunk(id, orgId);
    if (!found) {
        return { id: "", props: {} }; // the host reports an empty id as "gone"
    }
    // On refresh `props` are the previous outputs; on import they are the
    // program's inputs (the host falls back to them), so the declared password
    // is kept either way. Import by id alone has no password to keep: the diff
    // then claims no password change, and the next update sends the declared one.
    const outs = buildOutputs(found, id, props, orgId);
    return { id, props: outs, inputs: inputsFromOutputs(outs) };
}

async function update(s: Webex, id: string, olds: Props, newProps: Props): Promise<pulumi.dynamic.UpdateResult> {
    const { client, settings } = s.api();
    const orgId = orgOf(newProps, settings);
    const news = typedInputs(WEBEX_TRUNK, newProps);
    let current: TrunkGet;
    try {
        current = (await client.getTrunk(id, orgId)).trunk;
    } catch (e) {
        if (isNotFound(e)) {
            throw (e as ApiError).withHint(`Webex trunk ${id} was deleted outside Pulumi; run \`pulumi refresh\` so the next \`pulumi up\` creates it again`);
        }
        throw e;
    }
    if (diffWebexTrunk(olds, newProps).changedKeys.includes("maxConcurrentCalls")) {
        await checkAgainstTrunkTypes(client, String(current.trunkType ?? news.trunkType), current.deviceType ?? news.deviceType, news.maxConcurrentCalls, orgId);
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
    return { outs: buildOutputs(after, id, newProps, orgId) };
}

/**
 * Webex PUTs replace the settable fields as a whole, so a field the program
 * does not set is sent with its current value rather than omitted (which may
 * reset it). maxConcurrentCalls is only carried for certificate-based trunks
 * unless the program sets it: some tools refuse it on registering ones.
 */
function putBody(news: WebexTrunkInputs, current: TrunkGet): TrunkPut {
    const body: TrunkPut = { name: news.name, password: news.password };
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

async function remove(s: Webex, id: string, props: Props): Promise<void> {
    const { client, settings } = s.api();
    try {
        await client.deleteTrunk(id, orgOf(props, settings)); // 404: already gone, which is the goal
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

function connect(config: ConfigSource | undefined, secrets: SecretRegistry, log: Logger): WebexApi {
    const settings = resolveWebexSettings(config);
    secrets.add(settings.accessToken);
    return { settings, client: new WebexClient({ ...settings, secrets, log }) };
}

export const { handlers, resetForTests } = resourceHandlers({ tag: "webex", connect, check: checkWebexTrunk, diff: diffWebexTrunk, create, read, update, delete: remove });
