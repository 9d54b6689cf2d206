/**
 * The org's data and the invariants that span more than one trunk: unique
 * names and addresses, and the references (route groups, dial plans,
 * locations' PSTN connection and call-to-extension routing) that put a trunk
 * in use. Request bodies are judged in rules.ts before anything here changes,
 * so a refused request leaves the state as it was.
 */
import { CODES, WebexSimError, conflict, notFound } from "./errors";
import type {
    PartialSpec,
    RouteRef,
    SeedDialPlan,
    SeedLocation,
    SeedRouteGroup,
    SeedTrunk,
    WebexIdName,
    WebexSeed,
    WebexTrunkTypeWithDevices,
    WebexTrunkUsage,
} from "./types";

/**
 * Simulator defaults; a real org's ranges come from its GET .../trunkTypes.
 * The only published numbers are the spec's example for the Cisco Unified
 * Border Element (250..1000, the spec's trunkTypes example), so every device
 * type gets that range here.
 */
export const DEFAULT_TRUNK_TYPES: WebexTrunkTypeWithDevices[] = [
    {
        trunkType: "REGISTERING",
        deviceTypes: [{ deviceType: "Cisco Unified Border Element", minConcurrentCalls: 250, maxConcurrentCalls: 1000 }],
    },
    {
        trunkType: "CERTIFICATE_BASED",
        deviceTypes: [
            { deviceType: "Cisco Unified Border Element", minConcurrentCalls: 250, maxConcurrentCalls: 1000 },
            { deviceType: "Oracle ACME Session Border Controller", minConcurrentCalls: 250, maxConcurrentCalls: 1000 },
            { deviceType: "AudioCodes Session Border Controller", minConcurrentCalls: 250, maxConcurrentCalls: 1000 },
            { deviceType: "Ribbon Session Border Controller", minConcurrentCalls: 250, maxConcurrentCalls: 1000 },
        ],
    },
];

/**
 * The simulator's limits before it modelled the spec's example (1..1000 for
 * REGISTERING, 1..5000 for certificate-based device types): for tests whose
 * data predates the realistic range (option `legacyDeviceLimits`).
 */
export const LEGACY_TRUNK_TYPES: WebexTrunkTypeWithDevices[] = DEFAULT_TRUNK_TYPES.map((t) => ({
    trunkType: t.trunkType,
    deviceTypes: t.deviceTypes.map((d) => ({ ...d, minConcurrentCalls: 1, maxConcurrentCalls: t.trunkType === "REGISTERING" ? 1000 : 5000 })),
}));

export interface TrunkRec extends SeedTrunk {
    id: string;
    deviceType: string;
    maxConcurrentCalls: number;
    otgDtgId: string;
    linePort: string;
    pilotUserId: string;
    sipAuthenticationUserName: string;
}

interface RouteGroupRec {
    id: string;
    name: string;
    localGateways: Array<{ id: string; priority: number }>;
}

interface DialPlanRec {
    id: string;
    name: string;
    routeType: "TRUNK" | "ROUTE_GROUP";
    routeId: string;
}

/** Rules that have an older, laxer form some callers still need (see WebexSimulatorOptions). */
export interface StateOptions {
    defaultTrunkTypes?: WebexTrunkTypeWithDevices[];
    /** Names that differ only in case count as different. */
    caseSensitiveNames?: boolean;
    /** A REGISTERING trunk takes maxConcurrentCalls on POST and PUT (within its device range). */
    registeringAcceptsMaxCalls?: boolean;
}

export function defaultWebexSeed(): WebexSeed {
    return {
        orgId: b64("ciscospark://us/ORGANIZATION/7a5a2a8e-0000-4000-8000-000000000001"),
        orgName: "Simulated Org",
        locations: [
            { id: b64("ciscospark://us/LOCATION/boston"), name: "Boston" },
            { id: b64("ciscospark://us/LOCATION/san-jose"), name: "San Jose" },
            { id: b64("ciscospark://us/LOCATION/london"), name: "London" },
        ],
        trunks: [],
    };
}

/**
 * What trunking-sim serves when started without a Webex seed: the default
 * org's three locations with two trunks an admin would have set up, so that
 * discovery and the examples have something to find. A registering local
 * gateway in Boston that Boston's PSTN connection uses (so it cannot be
 * deleted while in use), and a certificate-based SBC in San Jose addressed
 * by FQDN. Passwords follow the default location policy.
 */
export function sampleWebexSeed(): WebexSeed {
    const seed = defaultWebexSeed();
    const [boston, sanJose] = seed.locations;
    const bostonLgw = b64("ciscospark://us/TRUNK/boston-lgw");
    return {
        ...seed,
        locations: seed.locations.map((l) => (l.id === boston.id ? { ...l, pstnConnection: { type: "TRUNK", id: bostonLgw } } : l)),
        trunks: [
            { id: bostonLgw, name: "Boston LGW", locationId: boston.id, password: "Sample-Lgw-Passw0rd+", trunkType: "REGISTERING", status: "online" },
            {
                id: b64("ciscospark://us/TRUNK/san-jose-sbc"),
                name: "San Jose SBC",
                locationId: sanJose.id,
                password: "Sample-Sbc-Passw0rd+",
                trunkType: "CERTIFICATE_BASED",
                deviceType: "Cisco Unified Border Element",
                address: "sbc1",
                domain: "sanjose.example.com",
                port: 5061,
                maxConcurrentCalls: 500,
                dualIdentitySupportEnabled: true,
                status: "online",
            },
        ],
    };
}

export class WebexSimState {
    readonly orgId: string;
    readonly orgName: string;
    readonly locations: SeedLocation[];
    readonly trunkTypes: WebexTrunkTypeWithDevices[];
    readonly verifiedDomains: string[] | undefined;
    private readonly trunks = new Map<string, TrunkRec>();
    private readonly routeGroups: RouteGroupRec[] = [];
    private readonly dialPlans: DialPlanRec[] = [];
    private counter = 0;

    constructor(
        seed: WebexSeed,
        private readonly random: () => number,
        /** Validates a seed trunk as a POST would and fills the defaults (rules.ts); the state only keeps invariants. */
        prepare: (t: SeedTrunk, state: WebexSimState, where: string) => Omit<TrunkRec, "otgDtgId" | "linePort" | "pilotUserId" | "sipAuthenticationUserName" | "id"> & { id?: string },
        readonly options: StateOptions = {},
    ) {
        const base = defaultWebexSeed();
        if (!seed || typeof seed !== "object" || !Array.isArray(seed.locations)) {
            throw new Error("Webex simulator seed: expected an object with a locations array");
        }
        this.orgId = seed.orgId ?? base.orgId!;
        this.orgName = seed.orgName ?? base.orgName!;
        this.locations = seed.locations.map((l) => structuredClone(l));
        this.trunkTypes = structuredClone(seed.trunkTypes ?? options.defaultTrunkTypes ?? DEFAULT_TRUNK_TYPES);
        this.verifiedDomains = seed.verifiedDomains ? [...seed.verifiedDomains] : undefined;
        const trunks = seed.trunks ?? [];
        trunks.forEach((t, i) => {
            const where = `trunks[${i}] (${JSON.stringify(t?.name)})`;
            try {
                this.insert(prepare(t, this, where));
            } catch (e) {
                throw new Error(`Webex simulator seed: ${where}: ${e instanceof WebexSimError ? e.description : (e as Error).message}`);
            }
        });
        (seed.routeGroups ?? []).forEach((g, i) => this.addRouteGroup(g, `routeGroups[${i}]`));
        // The older shorthand: an in-use trunk is the member of a route group of its own.
        trunks.forEach((t, i) => {
            if (t.inUse) {
                const rec = [...this.trunks.values()][i];
                this.addRouteGroup({ name: `${rec.name} route group`, localGateways: [{ id: rec.id, priority: 1 }] }, `trunks[${i}].inUse`);
            }
        });
        (seed.dialPlans ?? []).forEach((d, i) => this.addDialPlan(d, `dialPlans[${i}]`));
        this.locations.forEach((l, i) => {
            for (const key of ["pstnConnection", "callToExtension"] as const) {
                if (l[key]) {
                    this.checkRoute(l[key]!, `locations[${i}].${key}`);
                }
            }
        });
    }

    location(id: string): SeedLocation | undefined {
        return this.locations.find((l) => l.id === id);
    }

    idName(locationId: string): WebexIdName {
        const l = this.location(locationId);
        return { id: locationId, name: l?.name ?? "" };
    }

    all(): TrunkRec[] {
        return [...this.trunks.values()];
    }

    get(id: string): TrunkRec {
        const t = this.trunks.get(id);
        if (!t) {
            throw notFound(`Trunk ${id} not found.`);
        }
        return t;
    }

    insert(t: Omit<TrunkRec, "otgDtgId" | "linePort" | "pilotUserId" | "sipAuthenticationUserName" | "id"> & { id?: string }): TrunkRec {
        this.assertNameFree(t.name);
        this.assertAddressFree(t);
        const id = t.id ?? this.newId();
        if (this.trunks.has(id)) {
            throw conflict(`Trunk id ${id} is already in use.`, CODES.nameInUse);
        }
        const slug = t.name.replace(/[^A-Za-z0-9]/g, "").toLowerCase().slice(0, 12) || "trunk";
        const n = ++this.counter;
        const rec: TrunkRec = {
            ...t,
            id,
            otgDtgId: `${slug}_sim${n}_lgu`,
            linePort: `${slug}_sim${n}_LGU@sim.bcld.webex.com`,
            pilotUserId: `${slug}_sim${n}_LGU@sim.bcld.webex.com`,
            sipAuthenticationUserName: `${slug}_sim${n}_LGU`,
        };
        delete rec.inUse;
        this.trunks.set(id, rec);
        return rec;
    }

    /** Applies an already validated PUT body. */
    modify(id: string, patch: Partial<SeedTrunk>): TrunkRec {
        const t = this.get(id);
        if (patch.name !== undefined && patch.name !== t.name) {
            this.assertNameFree(patch.name, t);
        }
        Object.assign(t, patch);
        return t;
    }

    remove(id: string): void {
        const t = this.get(id);
        if (this.inUse(id)) {
            // No documented code for this; 409 is the spec's "conflicts with some
            // established rule", and wxc_sdk's tests always delete dial plans and route groups first.
            throw new WebexSimError(409, `Trunk ${t.name} is in use and cannot be deleted.`, CODES.trunkInUse, "Conflict");
        }
        this.trunks.delete(id);
    }

    // --- usage ---------------------------------------------------------------------------

    routeGroupsUsing(trunkId: string): Array<WebexIdName & { inUse: boolean }> {
        return this.routeGroups
            .filter((g) => g.localGateways.some((m) => m.id === trunkId))
            .map((g) => ({ id: g.id, name: g.name, inUse: this.routeGroupInUse(g.id) }));
    }

    dialPlansUsing(trunkId: string): WebexIdName[] {
        return this.dialPlans.filter((d) => d.routeType === "TRUNK" && d.routeId === trunkId).map((d) => ({ id: d.id, name: d.name }));
    }

    /** Locations whose premises PSTN connection is this trunk itself (route groups are counted as route groups). */
    pstnLocationsUsing(trunkId: string): WebexIdName[] {
        return this.locationsWith("pstnConnection", trunkId);
    }

    callToExtensionLocationsUsing(trunkId: string): WebexIdName[] {
        return this.locationsWith("callToExtension", trunkId);
    }

    usage(trunkId: string): WebexTrunkUsage {
        return {
            pstnConnectionCount: this.pstnLocationsUsing(trunkId).length,
            callToExtensionCount: this.callToExtensionLocationsUsing(trunkId).length,
            dialPlanCount: this.dialPlansUsing(trunkId).length,
            routeGroupCount: this.routeGroupsUsing(trunkId).length,
        };
    }

    inUse(trunkId: string): boolean {
        return Object.values(this.usage(trunkId)).some((n) => n > 0);
    }

    /** The GET's locationsUsingTrunk: locations whose PSTN goes through the trunk, directly or by a route group holding it. */
    locationsUsingTrunk(trunkId: string): WebexIdName[] {
        const groups = new Set(this.routeGroupsUsing(trunkId).map((g) => g.id));
        return this.locations
            .filter((l) => l.pstnConnection && ((l.pstnConnection.type === "TRUNK" && l.pstnConnection.id === trunkId) || (l.pstnConnection.type === "ROUTE_GROUP" && groups.has(l.pstnConnection.id))))
            .map((l) => ({ id: l.id, name: l.name }));
    }

    setPartial(id: string | undefined, partial: PartialSpec | true | undefined): void {
        for (const t of id === undefined ? this.all() : [this.get(id)]) {
            t.partial = partial;
        }
    }

    /** An FQDN (with port) or SRV (without) address already taken by another certificate-based trunk, if any. */
    addressTaken(address: string, domain: string, port: number | undefined, except?: string): TrunkRec | undefined {
        const key = addressKey({ address, domain, port });
        return this.all().find((o) => o.id !== except && o.trunkType === "CERTIFICATE_BASED" && addressKey(o) === key);
    }

    toSeed(): WebexSeed {
        return structuredClone({
            orgId: this.orgId,
            orgName: this.orgName,
            locations: this.locations,
            trunkTypes: this.trunkTypes,
            ...(this.verifiedDomains ? { verifiedDomains: this.verifiedDomains } : {}),
            trunks: this.all().map((t) => {
                const { otgDtgId: _o, linePort: _l, pilotUserId: _p, sipAuthenticationUserName: _s, ...rest } = t;
                return rest;
            }),
            routeGroups: this.routeGroups.map((g): SeedRouteGroup => ({ id: g.id, name: g.name, localGateways: g.localGateways })),
            dialPlans: this.dialPlans.map((d): SeedDialPlan => ({ ...d })),
        });
    }

    // --- internals -------------------------------------------------------------------------

    private locationsWith(key: "pstnConnection" | "callToExtension", trunkId: string): WebexIdName[] {
        return this.locations.filter((l) => l[key]?.type === "TRUNK" && l[key]?.id === trunkId).map((l) => ({ id: l.id, name: l.name }));
    }

    private routeGroupInUse(groupId: string): boolean {
        return (
            this.dialPlans.some((d) => d.routeType === "ROUTE_GROUP" && d.routeId === groupId) ||
            this.locations.some((l) => [l.pstnConnection, l.callToExtension].some((r) => r?.type === "ROUTE_GROUP" && r.id === groupId))
        );
    }

    private addRouteGroup(g: SeedRouteGroup, where: string): void {
        if (!g || typeof g.name !== "string" || !Array.isArray(g.localGateways)) {
            throw new Error(`Webex simulator seed: ${where}: needs a name and a localGateways list`);
        }
        // Route groups hold 1 to 10 trunks (the route-group API's limit).
        if (g.localGateways.length < 1 || g.localGateways.length > 10) {
            throw new Error(`Webex simulator seed: ${where}: a route group holds 1 to 10 trunks, got ${g.localGateways.length}`);
        }
        for (const m of g.localGateways) {
            if (!this.trunks.has(m.id)) {
                throw new Error(`Webex simulator seed: ${where}: trunk ${m.id} is not a trunk of the seed`);
            }
        }
        this.routeGroups.push({ id: g.id ?? b64(`ciscospark://us/ROUTE_GROUP/${slugId(g.name)}`), name: g.name, localGateways: g.localGateways.map((m) => ({ ...m })) });
    }

    private addDialPlan(d: SeedDialPlan, where: string): void {
        if (!d || typeof d.name !== "string") {
            throw new Error(`Webex simulator seed: ${where}: needs a name`);
        }
        this.checkRoute({ type: d.routeType, id: d.routeId }, where);
        this.dialPlans.push({ id: d.id ?? b64(`ciscospark://us/DIAL_PLAN/${slugId(d.name)}`), name: d.name, routeType: d.routeType, routeId: d.routeId });
    }

    private checkRoute(r: RouteRef, where: string): void {
        const ok = r.type === "TRUNK" ? this.trunks.has(r.id) : r.type === "ROUTE_GROUP" ? this.routeGroups.some((g) => g.id === r.id) : false;
        if (!ok) {
            throw new Error(`Webex simulator seed: ${where}: ${r.type === "TRUNK" || r.type === "ROUTE_GROUP" ? `${r.type} ${r.id} is not in the seed` : `type must be TRUNK or ROUTE_GROUP, got ${JSON.stringify(r.type)}`}`);
        }
    }

    /**
     * Names are unique in the org (the spec's "A unique name for the trunk";
     * wxc_sdk's create test picks a name absent from every trunk of the org),
     * compared without regard to case. The case rule is a modelling choice:
     * no source shows two trunks whose names differ only in case, and the
     * stricter reading is the one a client can rely on.
     */
    private assertNameFree(name: string, except?: TrunkRec): void {
        const same = (a: string) => (this.options.caseSensitiveNames ? a === name : a.toLowerCase() === name.toLowerCase());
        const clash = this.all().find((t) => t !== except && same(t.name));
        if (clash) {
            throw conflict(
                clash.name === name ? `Trunk name ${name} is already in use.` : `Trunk name ${name} is already in use (as ${clash.name}; names differ only in case).`,
                CODES.nameInUse,
            );
        }
    }

    private assertAddressFree(t: Pick<SeedTrunk, "trunkType" | "address" | "domain" | "port">): void {
        if (t.trunkType !== "CERTIFICATE_BASED") {
            return;
        }
        if (this.addressTaken(String(t.address), String(t.domain), t.port)) {
            throw addressInUse(String(t.address), String(t.domain), t.port);
        }
    }

    /** A Webex-looking id (base64 of a ciscospark:// URI) from the seeded PRNG, so runs repeat. */
    private newId(): string {
        const hex = Array.from({ length: 32 }, () => Math.floor(this.random() * 16).toString(16)).join("");
        const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
        return b64(`ciscospark://us/TRUNK/${uuid}`);
    }
}

/**
 * 409 / 27571, as wxc_sdk's tests see it from fqdnValidation: an FQDN with
 * its port (test_004_existing_fqdn_and_port) or an SRV address without one
 * (test_005_existing_srv) already used by a certificate-based trunk.
 */
export function addressInUse(address: string, domain: string, port: number | undefined): WebexSimError {
    return conflict(
        port === undefined
            ? `SRV address ${address} with domain ${domain} is already in use by another trunk.`
            : `FQDN ${address} with port ${port} and domain ${domain} is already in use by another trunk.`,
        CODES.addressInUse,
    );
}

/**
 * FQDN trunks are keyed by address+domain+port and SRV trunks by
 * address+domain, each among their own kind: wxc_sdk's tests show each
 * conflict; an SRV and an FQDN trunk sharing address and domain is not
 * shown either way and is allowed here. DNS names compare without case.
 */
function addressKey(t: { address?: string; domain?: string; port?: number }): string {
    return `${String(t.address).toLowerCase()}|${String(t.domain).toLowerCase()}|${t.port === undefined ? "SRV" : t.port}`;
}

function slugId(name: string): string {
    return name.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase();
}

export function b64(s: string): string {
    return Buffer.from(s).toString("base64").replace(/=+$/, "");
}
