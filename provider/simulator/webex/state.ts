import type { IdName, TrunkTypeWithDeviceType } from "../../webex/types";
import { CODES, WebexSimError, conflict, notFound } from "./errors";
import type { PartialSpec, SeedTrunk, WebexSeed } from "./types";

/** Simulator defaults; the real ranges come from each org's GET .../trunkTypes. */
export const DEFAULT_TRUNK_TYPES: TrunkTypeWithDeviceType[] = [
    {
        trunkType: "REGISTERING",
        deviceTypes: [{ deviceType: "Cisco Unified Border Element", minConcurrentCalls: 1, maxConcurrentCalls: 1000 }],
    },
    {
        trunkType: "CERTIFICATE_BASED",
        deviceTypes: [
            { deviceType: "Cisco Unified Border Element", minConcurrentCalls: 1, maxConcurrentCalls: 5000 },
            { deviceType: "Oracle ACME Session Border Controller", minConcurrentCalls: 1, maxConcurrentCalls: 5000 },
            { deviceType: "AudioCodes Session Border Controller", minConcurrentCalls: 1, maxConcurrentCalls: 5000 },
            { deviceType: "Ribbon Session Border Controller", minConcurrentCalls: 1, maxConcurrentCalls: 5000 },
        ],
    },
];

export interface TrunkRec extends SeedTrunk {
    id: string;
    otgDtgId: string;
    linePort: string;
    pilotUserId: string;
    sipAuthenticationUserName: string;
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

/** The org's data. Routes validate requests (rules.ts); this keeps the invariants that span trunks. */
export class WebexSimState {
    readonly orgId: string;
    readonly orgName: string;
    readonly locations: IdName[];
    readonly trunkTypes: TrunkTypeWithDeviceType[];
    private readonly trunks = new Map<string, TrunkRec>();
    private counter = 0;

    constructor(
        seed: WebexSeed,
        private readonly random: () => number,
    ) {
        const base = defaultWebexSeed();
        this.orgId = seed.orgId ?? base.orgId!;
        this.orgName = seed.orgName ?? base.orgName!;
        this.locations = (seed.locations ?? base.locations).map((l) => ({ ...l }));
        this.trunkTypes = structuredClone(seed.trunkTypes ?? DEFAULT_TRUNK_TYPES);
        for (const t of seed.trunks ?? []) {
            this.insert({ ...t });
        }
    }

    location(id: string): IdName | undefined {
        return this.locations.find((l) => l.id === id);
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

    insert(t: SeedTrunk): TrunkRec {
        this.assertNameFree(t.name);
        this.assertAddressFree(t);
        const id = t.id ?? this.newId();
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
        this.trunks.set(id, rec);
        return rec;
    }

    /** Applies an already validated PUT body. */
    modify(id: string, patch: Partial<SeedTrunk>): TrunkRec {
        const t = this.get(id);
        if (patch.name !== undefined && patch.name !== t.name) {
            this.assertNameFree(patch.name);
        }
        Object.assign(t, patch);
        return t;
    }

    remove(id: string): void {
        const t = this.get(id);
        if (t.inUse) {
            throw new WebexSimError(409, `Trunk ${t.name} is in use and cannot be deleted.`, CODES.trunkInUse, "Conflict");
        }
        this.trunks.delete(id);
    }

    setPartial(id: string | undefined, partial: PartialSpec | true | undefined): void {
        for (const t of id === undefined ? this.all() : [this.get(id)]) {
            t.partial = partial;
        }
    }

    toSeed(): WebexSeed {
        return structuredClone({
            orgId: this.orgId,
            orgName: this.orgName,
            locations: this.locations,
            trunkTypes: this.trunkTypes,
            trunks: this.all().map((t) => {
                const { otgDtgId: _o, linePort: _l, pilotUserId: _p, sipAuthenticationUserName: _s, ...rest } = t;
                return rest;
            }),
        });
    }

    private assertNameFree(name: string): void {
        if (this.all().some((t) => t.name === name)) {
            throw conflict(`Trunk name ${name} is already in use.`, CODES.nameInUse);
        }
    }

    private assertAddressFree(t: SeedTrunk): void {
        if (t.trunkType !== "CERTIFICATE_BASED") {
            return;
        }
        const key = addressKey(t);
        if (this.all().some((o) => o.trunkType === "CERTIFICATE_BASED" && addressKey(o) === key)) {
            throw conflict(`FQDN ${t.address} with port ${t.port} and domain ${t.domain} is already in use by another trunk.`, CODES.addressInUse);
        }
    }

    /** A Webex-looking id (base64 of a ciscospark:// URI) from the seeded PRNG, so runs repeat. */
    private newId(): string {
        const hex = Array.from({ length: 32 }, () => Math.floor(this.random() * 16).toString(16)).join("");
        const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
        return b64(`ciscospark://us/TRUNK/${uuid}`);
    }
}

function addressKey(t: SeedTrunk): string {
    return `${String(t.address).toLowerCase()}|${String(t.domain).toLowerCase()}|${t.port ?? ""}`;
}

function b64(s: string): string {
    return Buffer.from(s).toString("base64").replace(/=+$/, "");
}
