import { checkInputs } from "../kit/check";
import { CERTIFICATE_BASED, WEBEX_TRUNK } from "../webex/trunk/schema";
import { P_CHARGE_INFO_POLICIES, TrunkGet } from "../webex/types";

export interface DeclaredWebexTrunk {
    args: Record<string, unknown>;
    secretArgs: string[];
    problems: string[];
}

const present = (v: unknown) => v !== undefined && v !== null && v !== "";

/**
 * The WebexTrunk inputs that reproduce a trunk as Webex reports it. The
 * resource fills in no defaults, so every settable value Webex reports is
 * declared, except what Webex refuses in a request: the SBC address fields and
 * the call limit of a REGISTERING trunk (GET reports the device's limit, but a
 * POST or PUT carrying it is refused). A certificate-based trunk without a
 * port is addressed by DNS SRV and is declared without one. The password is
 * never returned: it is read from config.
 */
export function declareWebexTrunk(t: TrunkGet): DeclaredWebexTrunk {
    const trunkType = String(t.trunkType ?? "").toUpperCase();
    const certificate = trunkType === CERTIFICATE_BASED.is;
    const args: Record<string, unknown> = { name: t.name, locationId: t.location?.id, trunkType };
    if (present(t.deviceType)) {
        args.deviceType = t.deviceType;
    }
    if (certificate) {
        for (const k of ["address", "domain", "port", "maxConcurrentCalls"] as const) {
            if (present(t[k])) {
                args[k] = t[k];
            }
        }
    }
    if (typeof t.dualIdentitySupportEnabled === "boolean") {
        args.dualIdentitySupportEnabled = t.dualIdentitySupportEnabled;
    }
    const policy = String(t.pChargeInfoSupportPolicy ?? "").toUpperCase();
    if ((P_CHARGE_INFO_POLICIES as readonly string[]).includes(policy)) {
        args.pChargeInfoSupportPolicy = policy;
    }
    const problems = checkInputs(WEBEX_TRUNK, {}, { ...args, password: "Placeholder-Secret-1" }).failures.map((f) => f.reason);
    return { args, secretArgs: ["password"], problems };
}
