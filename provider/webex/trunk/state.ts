/**
 * A trunk's outputs from Webex's answer, and what a 206 Partial Content
 * answer means for them: Webex leaves out (or fills with a placeholder) what
 * it could not read, which is not a change.
 */
import { outputNames } from "../../kit/schema";
import { outputsOf } from "../../kit/state";
import type { TrunkRead } from "../types";
import { WEBEX_TRUNK } from "./schema";

type Props = Record<string, unknown>;

/** An answer's values keyed like the inputs and outputs: the location's id as locationId, the trunk's id as trunkId. */
export function reportedValues(read: TrunkRead, trunkId: string): Props {
    const t = read.trunk;
    return { ...t, locationId: t.location?.id, trunkId, responseStatus: read.partial.length > 0 ? read.partial : null };
}

/**
 * Outputs (see kit/state outputsOf), plus the effective orgId. After a 206, a
 * read-only value the answer left out, or one it could not read, keeps what
 * was known; never the placeholder.
 */
export function buildOutputs(read: TrunkRead, trunkId: string, prior: Props, orgId: string | undefined): Props {
    const reported = reportedValues(read, trunkId);
    const outs = outputsOf(WEBEX_TRUNK, reported, prior);
    if (orgId) {
        outs.orgId = orgId;
    }
    const unreadable = unreadableOutputs(read);
    for (const key of outputNames(WEBEX_TRUNK)) {
        if (unreadable.has(key) || (read.httpStatus === 206 && reported[key] === undefined && prior[key] !== undefined)) {
            outs[key] = prior[key] ?? null;
        }
    }
    return outs;
}

/** What a 206's responseStatus code says Webex could not read. */
const UNREADABLE_BY_CODE: Readonly<Record<string, string>> = { "25013": "outboundProxy", "25014": "status" };

/**
 * The outputs a 206 answer could not fill. The key may be there all the same:
 * wxc_sdk's model requires both, so such an answer carries `outboundProxy: {}`
 * or `status: "unknown"`, which are placeholders, not values. A code names the
 * field; without a code, an empty or missing value of either counts as unread.
 */
function unreadableOutputs(read: TrunkRead): Set<string> {
    const out = new Set<string>();
    if (read.httpStatus !== 206) {
        return out;
    }
    for (const s of read.partial) {
        const key = UNREADABLE_BY_CODE[String(s.code)];
        if (key) {
            out.add(key);
        }
    }
    const t = read.trunk;
    if (read.partial.length === 0 || out.size === 0) {
        if (t.outboundProxy === undefined || t.outboundProxy === null || (typeof t.outboundProxy === "object" && Object.keys(t.outboundProxy).length === 0)) {
            out.add("outboundProxy");
        }
        if (t.status === undefined || t.status === null || t.status === "") {
            out.add("status");
        }
    }
    return out;
}
