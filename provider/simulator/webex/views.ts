/**
 * Response bodies of the trunk API, built from the store. The single-trunk
 * GET comes in two shapes, the spec's and the one Cisco's SDK sees live:
 *
 * - "wxc_sdk" (default): what Cisco's SDK parses and tests against live orgs
 *   (wxc_sdk/telephony/prem_pstn/trunk.py TrunkDetail): `organization`, a
 *   `responseStatus` list that is empty on 200, `errorCodes`, lower-case
 *   `status`, and `outboundProxy` with the keys its OutboundProxy requires.
 * - "spec": the published OpenAPI shape: `customer`, `responseStatus` as one
 *   object and only on 206, upper-case `status` (DeviceStatus enum).
 *
 * On 206 the unreadable part is flagged in responseStatus (25013 outbound
 * proxy, 25014 status). The status is then "unknown" in both shapes (the
 * spec requires the key and its enum's default is UNKNOWN; wxc_sdk requires
 * it too). The outbound proxy "will not be set if the response has no body"
 * (spec), so the spec shape leaves it out, while wxc_sdk's model requires the
 * key: there it is an empty object. Option omitUnreadableOn206 gives the
 * simulator's old answer, both keys left out.
 */
import type { TrunkRec, WebexSimState } from "./state";
import type { PartialSpec, TrunkGetShape, WebexOutboundProxy, WebexResponseStatus, WebexTrunkGet, WebexTrunkListItem } from "./types";

const OUTBOUND_PROXY: WebexOutboundProxy = {
    sipAccessServiceType: "NONE",
    dnsType: "SRV",
    outboundProxy: "sim.proxy.webex.com",
    srvPrefix: "_sips._tcp.",
    cnameRecords: [{ host: "sim-edge1.proxy.webex.com", ttl: 300, port: 5061 }],
    attachmentUpdated: false,
};

export interface TrunkViewOptions {
    shape: TrunkGetShape;
    /** On 206 leave the unreadable key out even in wxc_sdk's shape (the simulator's old answer; option omitUnreadableOn206). */
    omitUnreadableOn206?: boolean;
}

export function trunkView(t: TrunkRec, state: WebexSimState, o: TrunkViewOptions, partial?: PartialSpec | true, trackingId?: string): WebexTrunkGet {
    const shape = o.shape;
    const omit = shape === "spec" || o.omitUnreadableOn206 === true;

    const org = { id: state.orgId, name: state.orgName };
    const status = t.status ?? "unknown";
    const view: WebexTrunkGet = {
        id: t.id,
        name: t.name,
        ...(shape === "spec" ? { customer: org } : { organization: org }),
        location: state.idName(t.locationId),
        otgDtgId: t.otgDtgId,
        linePort: t.linePort,
        locationsUsingTrunk: state.locationsUsingTrunk(t.id),
        pilotUserId: t.pilotUserId,
        outboundProxy: { ...OUTBOUND_PROXY, cnameRecords: OUTBOUND_PROXY.cnameRecords!.map((c) => ({ ...c })) },
        sipAuthenticationUserName: t.sipAuthenticationUserName,
        status: shape === "spec" ? (status.toUpperCase() as WebexTrunkGet["status"]) : status,
        errorCodes: [],
        ...(shape === "spec" ? {} : { responseStatus: [] }),
        dualIdentitySupportEnabled: t.dualIdentitySupportEnabled ?? false,
        trunkType: t.trunkType,
        deviceType: t.deviceType,
        maxConcurrentCalls: t.maxConcurrentCalls,
        isRestrictedToDedicatedInstance: t.isRestrictedToDedicatedInstance ?? false,
        pChargeInfoSupportPolicy: t.pChargeInfoSupportPolicy ?? "DISABLED",
    };
    if (t.trunkType === "CERTIFICATE_BASED") {
        view.address = t.address;
        view.domain = t.domain;
        if (t.port !== undefined) {
            view.port = t.port;
        }
    }
    if (partial) {
        const spec = partial === true ? {} : partial;
        const code = spec.code ?? 25013;
        const status: WebexResponseStatus = {
            code,
            type: "ERROR",
            summaryEnglish: code === 25013 ? "CPAPI: Error retrieving outboundproxy." : "CPAPI: Error retrieving status.",
            detail: ["OCI-P GroupOutboundProxyGetRequest: [Error 26088] Cloud PBX Console is not configured properly."],
            trackingId: `CPAPI_${trackingId ?? "sim"}_0`,
        };
        if (code === 25013) {
            if (omit) {
                delete view.outboundProxy;
            } else {
                (view as { outboundProxy: unknown }).outboundProxy = {};
            }
        } else if (o.omitUnreadableOn206) {
            delete view.status;
        } else {
            view.status = shape === "spec" ? "UNKNOWN" : "unknown";
        }
        const asList = spec.asList ?? shape !== "spec";
        view.responseStatus = asList ? [status] : status;
    }
    return view;
}

export function listItem(t: TrunkRec, state: WebexSimState): WebexTrunkListItem {
    return {
        id: t.id,
        name: t.name,
        location: state.idName(t.locationId),
        inUse: state.inUse(t.id),
        trunkType: t.trunkType,
        isRestrictedToDedicatedInstance: t.isRestrictedToDedicatedInstance === true,
    };
}
