/** The org's device types and their call limits (GET .../trunkTypes), judged before a write. */
import type { WebexClient } from "../client";

/**
 * Device types and their call limits are per org and only the API knows
 * them (GET .../trunkTypes), so they are checked here rather than in check.
 * Advisory: if that list cannot be read, Webex will judge the request itself.
 */
export async function checkAgainstTrunkTypes(
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
