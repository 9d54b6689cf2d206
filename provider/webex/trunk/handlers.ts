import type * as pulumi from "@pulumi/pulumi";
import { ApiError, isApiError } from "../../http/errors";
import type { SecretRegistry } from "../../http/redact";
import type { Logger } from "../../http/transport";
import { createOnce } from "../../kit/createOnce";
import { differingFields } from "../../kit/diff";
import { ResourceInitError } from "../../kit/errors";
import { Session, resourceHandlers } from "../../kit/handlers";
import { fieldKeys, typedInputs } from "../../kit/schema";
import { PROVIDER_KEY } from "../../util/check";
import { WebexClient } from "../client";
import { ConfigSource, WebexSettings, resolveWebexSettings } from "../config";
import { ERROR_ADDRESS_IN_USE, hasErrorCode, isConflict, isNotFound } from "../errors";
import type { PChargeInfoSupportPolicy, TrunkGet, TrunkListItem, TrunkPost, TrunkPut, TrunkType, TrunkUsageLists } from "../types";
import { P_CHARGE_INFO_POLICIES } from "../types";
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

/** The POST body: every field the program set; orgId travels as a query parameter. */
function postBody(inputs: WebexTrunkInputs): TrunkPost {
    const { orgId: _orgId, ...body } = inputs;
    return body;
}

async function create(s: Webex, props: Props): Promise<pulumi.dynamic.CreateResult> {
    const { client, settings } = s.api();
    const orgId = orgOf(props, settings);
    const body = postBody(typedInputs(WEBEX_TRUNK, props));
    await checkAgainstTrunkTypes(client, body.trunkType, body.deviceType, body.maxConcurrentCalls, orgId);
    await refuseTakenName(client, body.name, orgId, "create");
    let id: string;
    try {
        const outcome = await createOnce<{ id: string }, FoundTrunk>({
            what: `Webex trunk "${body.name}"`,
            post: () => client.createTrunk(body, orgId),
            find: () => findByName(client, body.name, orgId),
            differences: (found) => differingFields(WEBEX_TRUNK, body, inputsFromServer(found.trunk), WEBEX_TRUNK_DIFF),
            idOf: (found) => found.id,
            isAlreadyExists: isConflict,
            // Webex assigns the id, so without an answer there is nothing for the engine to keep.
            unconfirmed: (message) => new Error(`${message} Check Control Hub; if the trunk exists, adopt it with the resource option { import: "<trunk id>" }.`),
            log: s.log,
        });
        id = "found" in outcome ? outcome.found.id : outcome.posted.id;
    } catch (e) {
        throw await explainCreateError(client, e, body, orgId);
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

async function explainCreateError(client: WebexClient, e: unknown, body: TrunkPost, orgId: string | undefined): Promise<unknown> {
    if (!isApiError(e) || !isConflict(e)) {
        return e;
    }
    if (hasErrorCode(e, ERROR_ADDRESS_IN_USE)) {
        const address = body.port === undefined ? `the SRV address ${body.address}` : `the FQDN address ${body.address} port ${body.port}`;
        return e.withHint(
            `Another certificate-based trunk already uses ${address} (domain ${body.domain}); ` +
                "an FQDN address with its port, or an SRV address, must be unique across certificate-based trunks in the org",
        );
    }
    // Taken since the check before the POST, or hidden from the server's name filter: every page, ignoring case.
    const existing = await holderOfName(client, body.name, orgId);
    return e.withHint(existing ? nameTaken(body.name, existing, "create") : `Trunk names are unique in a Webex org and "${body.name}" is taken. Choose another name, or adopt the existing trunk with the resource option { import: "<trunk id>" }`);
}

/**
 * Webex counts names that differ only in case as one name (see sameTrunkName)
 * and refuses a second trunk with it (409). Found by a list lookup before the
 * write, the clash is explained with the trunk that holds the name.
 */
async function refuseTakenName(client: WebexClient, name: string, orgId: string | undefined, action: NameUse, self?: string): Promise<void> {
    const holder = (await client.findTrunksNamedLike(name, orgId)).find((t) => t.id !== self);
    if (holder) {
        throw new Error(nameTaken(name, holder, action));
    }
}

async function holderOfName(client: WebexClient, name: string, orgId: string | undefined, self?: string): Promise<TrunkListItem | undefined> {
    try {
        return (await client.findTrunksNamedLike(name, orgId, true)).find((t) => t.id !== self);
    } catch {
        return undefined; // only for the explanation
    }
}

type NameUse = "create" | "rename";

function nameTaken(name: string, holder: TrunkListItem, action: NameUse): string {
    const where = holder.location?.name ? `, location ${holder.location.name}` : "";
    const exact = holder.name === name;
    const has = exact ? "already has this name" : `already has this name in another case (${JSON.stringify(name)} was asked for)`;
    const remedy =
        action === "create"
            ? `Choose another name, or adopt that trunk with the resource option { import: "${holder.id}" }${exact ? "" : ` and its spelling ${JSON.stringify(holder.name)}`}. Nothing was created`
            : "Choose another name. The trunk was not changed";
    return `name: the Webex trunk ${JSON.stringify(holder.name)} (id ${holder.id}${where}) ${has}; trunk names are unique in an org${exact ? "" : ", regardless of case"}. ${remedy}.`;
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
    if (current.name !== news.name) {
        await refuseTakenName(client, news.name, orgId, "rename", id);
    }
    const body = putBody(news, current);
    try {
        await client.updateTrunk(id, body, orgId);
    } catch (e) {
        if (isConflict(e) && isApiError(e)) {
            const holder = await holderOfName(client, body.name, orgId, id);
            throw e.withHint(holder ? nameTaken(body.name, holder, "rename") : `Trunk names are unique in a Webex org and "${body.name}" is taken`);
        }
        throw e;
    }
    const after = await client.getTrunk(id, orgId);
    return { outs: buildOutputs(after, id, newProps, orgId) };
}

/**
 * Webex PUTs replace the settable fields as a whole, so a field the program
 * does not set is sent with its current value rather than omitted (which may
 * reset it). maxConcurrentCalls belongs to certificate-based trunks only:
 * a registering trunk's GET shows its device type's limit, and echoing that
 * back (after an import, say) is refused. The trunk's own type decides, not
 * the program's, which check has already matched to it or a replace follows.
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
    const calls = news.maxConcurrentCalls ?? current.maxConcurrentCalls;
    if (certificate && typeof calls === "number" && Number.isFinite(calls)) {
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

/** What still uses the trunk, in words; [] for nothing (or no trunk), undefined when Webex would not say. */
async function usersOfTrunk(client: WebexClient, id: string, orgId: string | undefined, log: Logger): Promise<string[] | undefined> {
    let usage;
    try {
        usage = await client.trunkUsage(id, orgId);
    } catch (e) {
        // Advisory: the DELETE is Webex's own judgement, and its refusal is explained too.
        log("warn", `could not read the usage of Webex trunk ${id} before deleting it (${(e as Error).message}); deleting and letting Webex judge`);
        return undefined;
    }
    if (!usage) {
        return [];
    }
    const lists: { count: number; list: keyof TrunkUsageLists; one: string; many: string; name: (n: string) => string }[] = [
        { count: usage.routeGroupCount, list: "routeGroups", one: "route group", many: "route groups", name: (n) => `route group "${n}"` },
        { count: usage.dialPlanCount, list: "dialPlans", one: "dial plan", many: "dial plans", name: (n) => `dial plan "${n}"` },
        { count: usage.pstnConnectionCount, list: "pstnLocations", one: "location", many: "locations", name: (n) => `the PSTN connection of location "${n}"` },
        {
            count: usage.callToExtensionCount,
            list: "callToExtensionLocations",
            one: "location",
            many: "locations",
            name: (n) => `the call-to-extension routing of location "${n}"`,
        },
    ];
    const out: string[] = [];
    for (const l of lists.filter((x) => x.count > 0)) {
        let names: string[];
        try {
            names = (await client.trunkUsageList(id, l.list, orgId)).map((x) => String(x.name ?? x.id));
        } catch {
            names = [];
        }
        if (names.length === 0) {
            out.push(`${l.count} ${l.count === 1 ? l.one : l.many}${l.list === "pstnLocations" ? " (PSTN connection)" : l.list === "callToExtensionLocations" ? " (call-to-extension routing)" : ""}`);
            continue;
        }
        const shown = names.slice(0, MAX_NAMED).map(l.name);
        out.push(...shown, ...(names.length > MAX_NAMED ? [`${names.length - MAX_NAMED} more ${l.many}`] : []));
    }
    return out;
}

/** How many users of each kind a message names before it counts the rest. */
const MAX_NAMED = 10;

function inUseMessage(trunk: string, users: string[]): string {
    const list = users.length === 1 ? users[0] : `${users.slice(0, -1).join(", ")} and ${users[users.length - 1]}`;
    return (
        `${trunk} is still used by ${list}. Webex refuses to delete a trunk in use, so nothing was deleted. ` +
        "Point those at another trunk or route group first (Control Hub: Calling > Call Routing, and the location's PSTN and internal dialing settings), " +
        "or remove them, then run the same pulumi command again"
    );
}

function connect(config: ConfigSource | undefined, secrets: SecretRegistry, log: Logger): WebexApi {
    const settings = resolveWebexSettings(config);
    secrets.add(settings.accessToken);
    return { settings, client: new WebexClient({ ...settings, secrets, log }) };
}

export const { handlers, resetForTests } = resourceHandlers({ tag: "webex", connect, check: checkWebexTrunk, diff: diffWebexTrunk, create, read, update, delete: remove });
