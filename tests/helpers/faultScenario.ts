import { providerStub } from "../../provider/kit/stub";
import { FaultRule, OdinSeed, OdinSimulator, startOdinSimulator } from "../../provider/simulator";
import { ProviderHost, serializeProvider, startProviderHost, urnOf, withProvider } from "./providerHost";

/**
 * The fault run of the reliability issue: N trunk groups created, updated
 * (some renamed) and partly deleted in parallel through the real provider
 * host, while the simulator answers 10% of requests with 429 (Retry-After),
 * 5% with 503, drops 2% of connections, and tokens expire mid-run. Used by the
 * test (which asserts) and by bench/faults.ts (which prints the figures).
 */

export const FAULTS: FaultRule[] = [
    { kind: "status", status: 429, retryAfter: "1", probability: 0.1 },
    { kind: "status", status: 503, probability: 0.05 },
    { kind: "drop", probability: 0.02 },
];

export interface FaultRunResult {
    operations: { creates: number; updates: number; renames: number; deletes: number };
    faults: Record<string, number>;
    requests: number;
    /** Requests answered by a fault (429/503) or dropped, each of which had to be sent again. */
    retries: number;
    logins: number;
    refreshes: number;
    wallMs: number;
    lost: string[];
    duplicated: string[];
    wrongValues: string[];
    leftovers: string[];
    /** Outputs kept by "Pulumi" (what the engine would save), by name. */
    outputs: Record<string, Record<string, any>>;
    secrets: string[];
    hostLogs: string;
    providerText: string;
}

const seed = (): OdinSeed =>
    ({
        logins: [{ username: "fault-run", password: "Fault-Run-Api-Passw0rd" }],
        serviceProviders: [
            {
                serviceProviderId: "SPF",
                trunkGroupCallCapacity: { maxActiveCalls: 100000, burstingMaxActiveCalls: 1000 },
                groups: [{ groupId: "GF", groupName: "Fault group", trunkGroupCallCapacity: { maxActiveCalls: 5000, burstingMaxActiveCalls: 100 } }],
            },
        ],
    }) as unknown as OdinSeed;

export async function runFaultScenario(count = 50, randomSeed = 7): Promise<FaultRunResult> {
    const sim: OdinSimulator = await startOdinSimulator({ seed: seed(), faults: FAULTS, randomSeed, tokenTtlSeconds: 3 });
    const text = await serializeProvider(providerStub("odin:TrunkGroup"));
    const host: ProviderHost = await startProviderHost();
    const secrets = ["Fault-Run-Api-Passw0rd"];
    try {
        // Nine retries: with 17% of requests failing, ten failures in a row are ~1e-8 per request.
        await host.configure({ "odin:baseUrl": sim.url, "odin:username": "fault-run", "odin:password": "Fault-Run-Api-Passw0rd", "odin:maxRetries": "9" }, ["odin:password"]);
        const started = Date.now();
        const names = Array.from({ length: count }, (_, i) => `TG-${String(i).padStart(2, "0")}`);
        const declared = new Map<string, Record<string, unknown>>();
        const state = new Map<string, { urn: string; id: string; inputs: Record<string, any>; outputs: Record<string, any> }>();

        const program = (i: number, phase: 1 | 2): Record<string, unknown> => {
            const auth = i % 5 === 0;
            const password = `Sip-${i}-Phase${phase}-Secret`;
            if (auth && !secrets.includes(password)) {
                secrets.push(password);
            }
            return {
                serviceProviderId: "SPF",
                groupId: "GF",
                name: phase === 2 && i % 10 === 3 ? `${names[i]}-renamed` : names[i],
                maxActiveCalls: phase === 1 ? i + 1 : i + 101,
                ...(auth ? { requireAuthentication: true, sipAuthenticationUserName: `user${i}`, sipAuthenticationPassword: password } : {}),
            };
        };

        // Phase 1: create all, in parallel.
        await Promise.all(
            names.map(async (n, i) => {
                const urn = urnOf("pulumi-nodejs:dynamic/odin:TrunkGroup", n);
                const news = withProvider(text, program(i, 1));
                const c = await host.check(urn, {}, news);
                const r = await host.create(urn, c.inputs);
                state.set(n, { urn, id: r.id, inputs: c.inputs, outputs: r.properties });
            }),
        );
        // Phase 2: update all (new capacity, new SIP passwords, some renames); tokens expire mid-run.
        let renames = 0;
        const expire = setTimeout(() => sim.expireTokens(), 300);
        await Promise.all(
            names.map(async (n, i) => {
                const s = state.get(n)!;
                const news = withProvider(text, program(i, 2));
                renames += news.name !== n ? 1 : 0;
                const c = await host.check(s.urn, s.inputs, news);
                const d = await host.diff(s.urn, s.id, s.outputs, c.inputs);
                if (d.changes !== "some" || d.replaces.length > 0) {
                    throw new Error(`${n}: expected an in-place update, got ${JSON.stringify(d)}`);
                }
                const r = await host.update(s.urn, s.id, s.outputs, c.inputs);
                state.set(n, { ...s, inputs: c.inputs, outputs: r.properties });
            }),
        );
        clearTimeout(expire);
        // Phase 3: the program drops the last 40%.
        const keep = Math.ceil(count * 0.6);
        await Promise.all(
            names.slice(keep).map(async (n) => {
                const s = state.get(n)!;
                await host.delete(s.urn, s.id, s.outputs);
                state.delete(n);
            }),
        );
        for (const [n, s] of state) {
            declared.set(n, program(names.indexOf(n), 2));
            void s;
        }
        const wallMs = Date.now() - started;

        // Reality check: the simulator must hold exactly what is declared.
        const actual = sim.state().serviceProviders[0].groups?.[0].trunkGroups ?? [];
        const byName = new Map<string, number>();
        for (const t of actual) {
            byName.set(String(t.name), (byName.get(String(t.name)) ?? 0) + 1);
        }
        const want = [...declared.values()];
        const lost = want.filter((w) => !byName.has(String(w.name))).map((w) => String(w.name));
        const duplicated = [...byName].filter(([, k]) => k > 1).map(([n]) => n);
        const leftovers = [...byName.keys()].filter((n) => !want.some((w) => w.name === n));
        const wrongValues: string[] = [];
        for (const w of want) {
            const t = actual.find((x) => x.name === w.name) as Record<string, any> | undefined;
            const o = state.get([...declared.entries()].find(([, v]) => v === w)![0])!.outputs;
            for (const k of ["maxActiveCalls", "requireAuthentication", "sipAuthenticationUserName", "sipAuthenticationPassword"]) {
                if (w[k] !== undefined && (t?.[k] !== w[k] || (k !== "sipAuthenticationPassword" && o[k] !== w[k]) || o.name !== w.name)) {
                    wrongValues.push(`${w.name}.${k}`);
                }
            }
        }
        const log = sim.requests();
        const faults = sim.faultStats();
        return {
            operations: { creates: count, updates: count, renames, deletes: count - keep },
            faults,
            requests: log.length,
            retries: log.filter((r) => r.fault === "drop" || (r.fault === "status" && (r.status === 429 || r.status === 503))).length,
            logins: log.filter((r) => r.method === "POST" && r.path === "/auth/token" && r.status === 200).length,
            refreshes: log.filter((r) => r.method === "PUT" && r.path === "/auth/token" && r.status === 200).length,
            wallMs,
            lost,
            duplicated,
            wrongValues,
            leftovers,
            outputs: Object.fromEntries([...state].map(([n, s]) => [n, s.outputs])),
            secrets,
            hostLogs: host.logs(),
            providerText: text,
        };
    } finally {
        await host.close();
        await sim.close();
    }
}
