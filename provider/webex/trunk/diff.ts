import { DiffHooks, ResourceDiff, diffInputs } from "../../kit/diff";
import { isUnknown } from "../../kit/schema";
import { WEBEX_TRUNK } from "./schema";

/** Webex refuses a second certificate-based trunk on the same address + domain + port (409, 27571). */
const ADDRESS_KEYS = ["address", "domain", "port"];
const HOST_KEYS = ["address", "domain"];

export const WEBEX_TRUNK_DIFF: DiffHooks = {
    normalize(key, value, spec) {
        if (typeof value !== "string") {
            return value;
        }
        // The API has answered enums in lower case (status), so case is not a change; nor is it in host names.
        if (spec.kind === "enum") {
            return value.toUpperCase();
        }
        return HOST_KEYS.includes(key) ? value.toLowerCase() : value;
    },
    /**
     * Create-before-delete would fail when the replacement keeps what Webex
     * requires to be unique: the name, or a certificate-based trunk's address.
     */
    deleteBeforeReplace(news, changedKeys) {
        if (!changedKeys.includes("name") || isUnknown(news.name)) {
            return true;
        }
        const certificate = news.trunkType === "CERTIFICATE_BASED" || isUnknown(news.trunkType);
        return certificate && !ADDRESS_KEYS.some((k) => changedKeys.includes(k));
    },
};

/**
 * The WebexTrunk plan. Location, type, device type, address, domain, port and
 * org cannot change in place, so a change replaces the trunk. A password or
 * orgId the outputs lack (an import by id; the token's own org) is no change:
 * the declared password goes out with the next update, since every PUT carries it.
 */
export function diffWebexTrunk(olds: unknown, news: unknown): ResourceDiff {
    return diffInputs(WEBEX_TRUNK, WEBEX_TRUNK_DIFF, olds, news);
}
