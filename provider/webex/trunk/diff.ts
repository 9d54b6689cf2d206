import { DiffHooks, ResourceDiff, diffInputs } from "../../kit/diff";
import { fieldsWhere, isUnknown } from "../../kit/schema";
import { sameTrunkName } from "./names";
import { CERTIFICATE_BASED, WEBEX_TRUNK } from "./schema";

/** The SBC's address fields (fixed at creation), which Webex keeps unique across certificate-based trunks. */
const ADDRESS_FIELDS: readonly string[] = fieldsWhere(WEBEX_TRUNK, (s) => s.onlyWhen === CERTIFICATE_BASED && s.replaceOnChange === true);

export const WEBEX_TRUNK_DIFF: DiffHooks = {
    /**
     * Create-before-delete would fail when the replacement keeps what Webex
     * requires to be unique: the name (regardless of case), or a
     * certificate-based trunk's address.
     */
    deleteBeforeReplace(news, changedKeys, olds) {
        if (!changedKeys.includes("name") || isUnknown(news.name) || sameTrunkName(news.name, olds.name)) {
            return true;
        }
        const certificate = news.trunkType === CERTIFICATE_BASED.is || isUnknown(news.trunkType);
        return certificate && !ADDRESS_FIELDS.some((k) => changedKeys.includes(k));
    },
};

/**
 * The WebexTrunk plan. Location, type, device type, address, domain, port and
 * org cannot change in place, so a change replaces the trunk. An orgId the
 * outputs lack (the token's own org) is no change. A password they lack (a
 * create that failed after the trunk existed, and a refresh after it) is one:
 * Webex may hold another, and every PUT carries it anyway.
 */
export function diffWebexTrunk(olds: unknown, news: unknown): ResourceDiff {
    return diffInputs(WEBEX_TRUNK, WEBEX_TRUNK_DIFF, olds, news);
}
