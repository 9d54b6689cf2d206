import type * as pulumi from "@pulumi/pulumi";
import { ApiError, isApiError } from "../../http/errors";
import type { SecretRegistry } from "../../http/redact";
import type { Logger } from "../../http/transport";
import { adoptInstruction } from "../../kit/adopt";
import { createOnce } from "../../kit/createOnce";
import { differingFields, sameValue } from "../../kit/diff";
import { ResourceInitError } from "../../kit/errors";
import { Session, resourceHandlers } from "../../kit/handlers";
import { applies, fieldKeys, fieldSpec, isSet, typedInputs } from "../../kit/schema";
import { sameJson, settledRead } from "../../kit/settle";
import { PROVIDER_KEY } from "../../util/check";
import { WebexClient } from "../client";
import { ConfigSource, WebexSettings, resolveWebexSettings } from "../config";
import { isConflict, isNotFound } from "../errors";
import type { PChargeInfoSupportPolicy, TrunkGet, TrunkPost, TrunkPut, TrunkRead, TrunkType } from "../types";
import { P_CHARGE_INFO_POLICIES } from "../types";
import { adoptWebexTrunk } from "./adopt";
import { checkWebexTrunk } from "./check";
import { WEBEX_TRUNK_DIFF, diffWebexTrunk } from "./diff";
import { refuseTakenName } from "./names";
import { explainCreateRefusal, explainUpdateRefusal } from "./refusals";
import { WEBEX_TRUNK, WebexTrunkInputs } from "./schema";
import { buildOutputs, inputsFromOutputs, inputsFromServer } from "./state";
import { checkAgainstTrunkTypes } from "./trunkTypes";
import { inUseMessage, usersOfTrunk } from "./usage";

type Props = Record<string, unknown>;
/** The client and the settings it was built from (the default org). */
interface WebexApi {
    client: WebexClient;
    settings: WebexSettings;
}
type Webex = Session<WebexApi>;

/** A trunk found by name (or made by our POST), with what Webex reports about it. */
interface FoundTrunk {
    id: string;
    trunk: TrunkGet;
    read?: TrunkRead;
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
        const adopted = await adoptWebexTrunk(client, adoption, body, props, orgId, (id, current) => client.updateTrunk(id, putBody(news, current, new Set(fieldKeys(WEBEX_TRUNK, news))), orgId), s.log);
        if (adopted) {
            return adopted;
        }
    }
    await checkAgainstTrunkTypes(client, body.trunkType, body.deviceType, body.maxConcurrentCalls, orgId);
    await refuseTakenName(client, body.name, orgId, "create");
    let id: string;
    let first: TrunkRead | undefined;
    try {
        const outcome = await createOnce<FoundTrunk, FoundTrunk>({
            what: `Webex trunk "${body.name}"`,
            post: () => postAndConfirm(client, body, orgId),
            find: () => findByName(client, body.name, orgId),
            differences: (found) => differingFields(WEBEX_TRUNK, body, inputsFromServer(found.trunk), WEBEX_TRUNK_DIFF),
            idOf: (found) => found.id,
            adoptHint: ADOPT_HINT,
            isAlreadyExists: isConflict,
            // refuseTakenName just saw no trunk of this name: a 409 to the first POST is our own POST delivered twice.
            absentBefore: true,
            // Webex assigns the id, so without an answer there is nothing for the engine to keep.
            unconfirmed: (message) => new Error(`${message} Check Control Hub; if the trunk exists, ${ADOPT_HINT.charAt(0).toLowerCase()}${ADOPT_HINT.slice(1)}`),
            log: s.log,
        });
        const made = "found" in outcome ? outcome.found : outcome.posted;
        id = made.id;
        first = made.read;
    } catch (e) {
        if (e instanceof CreatedUnread) {
            throw createdUnread(e.trunkId, e.readError, body.name, props, orgId);
        }
        throw await explainCreateRefusal(client, e, body, orgId, adoption !== undefined);
    }
    let read;
    try {
        read = await settledTrunk(client, id, orgId, `Webex trunk "${body.name}"`, props, first);
    } catch (e) {
        throw createdUnread(id, e, body.name, props, orgId);
    }
    return { id, outs: buildOutputs(read, id, props, orgId) };
}

/** The trunk exists but could not be read: hand the engine its id so it is tracked, not leaked. */
function createdUnread(id: string, e: unknown, name: string, props: Props, orgId: string | undefined): ResourceInitError {
    const reason = `Webex trunk "${name}" was created (id ${id}) but reading it back failed: ${(e as Error)?.message ?? String(e)}. Run \`pulumi refresh\`.`;
    const properties: Props = Object.fromEntries(fieldKeys(WEBEX_TRUNK, props).map((k) => [k, props[k]]));
    properties.trunkId = id;
    delete properties.password; // kept out of the error payload; the diff then asks for an update that sends it
    if (orgId) {
        properties.orgId = orgId;
    }
    // The host does not add it to an error's properties, and without it the
    // engine's later read, update or delete of this trunk could not load us.
    properties[PROVIDER_KEY] = props[PROVIDER_KEY];
    return new ResourceInitError(reason, id, properties);
}

/** The trunk Webex said it created could not be read back: it exists, so the engine must keep its id. */
class CreatedUnread extends Error {
    constructor(
        readonly trunkId: string,
        readonly readError: unknown,
    ) {
        super(`trunk ${trunkId} was created but could not be read back`);
    }
}

/**
 * The POST, then the trunk its answer names. That answer carries nothing but
 * an id, and a gateway can hand back another answer's: the trunk must be the
 * one just created (its name and location), else the POST's fate is unknown
 * and createOnce looks the trunk up by name.
 */
async function postAndConfirm(client: WebexClient, body: TrunkPost, orgId: string | undefined): Promise<FoundTrunk> {
    const { id } = await client.createTrunk(body, orgId);
    let read: TrunkRead | undefined;
    try {
        read = await client.findTrunk(id, orgId);
    } catch (e) {
        throw new CreatedUnread(id, e);
    }
    const location = read?.trunk.location?.id;
    if (!read || read.trunk.name !== body.name || (location !== undefined && location !== body.locationId)) {
        throw new ApiError({
            api: "Webex",
            method: "POST",
            path: "/telephony/config/premisePstn/trunks",
            status: 201,
            apiMessage: `the create answer named trunk ${id}, which is ${read ? `"${read.trunk.name}"` : "not there"}, not the trunk just created`,
            attempts: 1,
            ambiguous: true,
            failure: "invalid-body",
        });
    }
    return { id, trunk: read.trunk, read };
}

/**
 * The trunk as Webex has it: the first answer when it shows every value
 * expected (just written, or the state's), else read until two answers agree
 * (see kit/settle.ts), so a dropped or altered field never reaches the state.
 */
function settledTrunk(client: WebexClient, id: string, orgId: string | undefined, what: string, expected: Props, first?: TrunkRead): Promise<TrunkRead> {
    let pending = first;
    return settledRead<TrunkRead>({
        what,
        read: async () => {
            const answer = pending ?? (await client.getTrunk(id, orgId));
            pending = undefined;
            return answer;
        },
        expected: (r) => showsTrunk(r.trunk, expected),
        same: (a, b) => a.httpStatus === b.httpStatus && sameJson(a.trunk, b.trunk),
    });
}

/** Whether a trunk shows every value these inputs (or outputs) set that Webex reports. */
function showsTrunk(t: TrunkGet, expected: Props): boolean {
    const server = inputsFromServer(t);
    return Object.keys(expected).every((k) => {
        const spec = fieldSpec(WEBEX_TRUNK, k);
        return !spec || spec.writeOnly || !isSet(expected[k]) || !applies(spec, expected) || sameValue(spec, k, server[k] ?? null, expected[k], WEBEX_TRUNK_DIFF);
    });
}

/** Exact name match (names are unique in an org), with the trunk's details to compare. */
async function findByName(client: WebexClient, name: string, orgId: string | undefined): Promise<FoundTrunk | undefined> {
    const [candidate] = await client.findTrunksByName(name, orgId);
    if (!candidate) {
        return undefined;
    }
    const read = await client.getTrunk(candidate.id, orgId);
    return { id: candidate.id, trunk: read.trunk, read };
}

async function read(s: Webex, id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const { client, settings } = s.api();
    const orgId = orgOf(props, settings);
    const first = await client.findTrunk(id, orgId);
    if (!first) {
        return { id: "", props: {} }; // the host reports an empty id as "gone"
    }
    // A value that differs from the state's is drift only once a second answer says the same.
    const found = await settledTrunk(client, id, orgId, typeof props.name === "string" ? `Webex trunk "${props.name}"` : `Webex trunk ${id}`, props, first);
    // On refresh `props` are the previous outputs, so the password last sent
    // is kept. Outputs without one (a half-made create) stay without: the diff
    // then asks for an update, which sends the declared one.
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
    const changed = new Set(diffWebexTrunk(olds, newProps).changedKeys);
    if (changed.has("maxConcurrentCalls")) {
        await checkAgainstTrunkTypes(client, String(current.trunkType ?? news.trunkType), current.deviceType ?? news.deviceType, news.maxConcurrentCalls, orgId);
    }
    if (current.name !== news.name) {
        await refuseTakenName(client, news.name, orgId, "rename", id);
    }
    const body = putBody(news, current, changed);
    try {
        await client.updateTrunk(id, body, orgId);
    } catch (e) {
        throw await explainUpdateRefusal(client, e, id, body.name, current.location?.id ?? news.locationId, orgId);
    }
    const after = await settledTrunk(client, id, orgId, `Webex trunk "${body.name}"`, newProps);
    return { outs: buildOutputs(after, id, newProps, orgId) };
}

/**
 * Webex PUTs replace the settable fields as a whole, so the body is a
 * read-modify-write of the GET just made: a field the program changed goes
 * out with the program's value, every other one with the value Webex has now
 * (never omitted, which may reset it). The program's unchanged value is not
 * good enough: under ignoreChanges the engine hands over the OLD input, which
 * would write over a change made in Control Hub (issue 11, defect 4). The
 * password has no live value to keep, so the program's goes out.
 * maxConcurrentCalls belongs to certificate-based trunks only: a registering
 * trunk's GET shows its device type's limit, and echoing that back (after an
 * import, say) is refused. The trunk's own type decides, not the program's,
 * which check has already matched to it or a replace follows.
 */
function putBody(news: WebexTrunkInputs, current: TrunkGet, changed: ReadonlySet<string>): TrunkPut {
    const live = <K extends "name" | "dualIdentitySupportEnabled" | "pChargeInfoSupportPolicy" | "maxConcurrentCalls">(key: K) =>
        changed.has(key) ? news[key] : (current[key] ?? news[key]);
    const body: TrunkPut = { name: String(live("name")), password: news.password };
    const dual = live("dualIdentitySupportEnabled");
    if (typeof dual === "boolean") {
        body.dualIdentitySupportEnabled = dual;
    }
    const policy = String(live("pChargeInfoSupportPolicy") ?? "").toUpperCase();
    if ((P_CHARGE_INFO_POLICIES as readonly string[]).includes(policy)) {
        body.pChargeInfoSupportPolicy = policy as PChargeInfoSupportPolicy;
    }
    const certificate = String(current.trunkType ?? news.trunkType ?? "").toUpperCase() === ("CERTIFICATE_BASED" satisfies TrunkType);
    const calls = certificate ? live("maxConcurrentCalls") : undefined;
    if (typeof calls === "number" && Number.isFinite(calls)) {
        body.maxConcurrentCalls = calls;
    }
    return body;
}

/**
 * Webex refuses to delete a trunk that route groups, dial plans or locations
 * still use, with a bare 409 (no documented code). So the usage is read first
 * and the delete refused with what uses the trunk; the DELETE's own refusal
 * (usage changed in between, or unreadable) is explained from a fresh read.
 */
async function remove(s: Webex, id: string, props: Props): Promise<void> {
    const { client, settings } = s.api();
    const orgId = orgOf(props, settings);
    const trunk = typeof props.name === "string" ? `Webex trunk "${props.name}" (id ${id})` : `Webex trunk ${id}`;
    const users = await usersOfTrunk(client, id, orgId, s.log);
    if (users && users.length > 0) {
        throw new Error(inUseMessage(trunk, users));
    }
    try {
        await client.deleteTrunk(id, orgId); // 404: already gone, which is the goal
    } catch (e) {
        if (isApiError(e) && (e.status === 409 || e.status === 400)) {
            const now = await usersOfTrunk(client, id, orgId, s.log);
            throw e.withHint(
                now && now.length > 0
                    ? inUseMessage(trunk, now)
                    : "A trunk still used by a route group, a dial plan, a location's PSTN connection or call-to-extension settings cannot be deleted; " +
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
