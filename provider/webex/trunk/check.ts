import { CheckRules, checkInputs } from "../../kit/check";
import type { CheckResult } from "../../util/check";
import { describeValue } from "../../util/nearest";
import { MAX_NAME_LENGTH, WEBEX_TRUNK } from "./schema";

/** Webex's rules beyond the field table, each learnt from the API's refusals. */
export const WEBEX_TRUNK_RULES: CheckRules = {
    value(label: string, value: unknown): string | undefined {
        if (typeof value !== "string") {
            return undefined;
        }
        switch (label) {
            case "name":
                if ([...value].length > MAX_NAME_LENGTH) {
                    return (
                        `name is ${[...value].length} characters; Webex accepts trunk names of at most ${MAX_NAME_LENGTH} ` +
                        "(the limit is not in the API docs; Cisco's wxc_sdk test suite observed it against the live API), so the create would fail"
                    );
                }
                return undefined;
            case "password":
                // Length and complexity come from the location's SIP password policy, which
                // only Webex knows; the characters below are refused everywhere.
                return /[?!]/.test(value) ? 'password must not contain "?" or "!": Webex rejects them (error 25015, "Invalid characters ? or ! in password")' : undefined;
            case "address":
            case "domain":
                if (/\s/.test(value)) {
                    return `${label} must not contain spaces, got ${describeValue(value)}`;
                }
                if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^sips?:/i.test(value)) {
                    return `${label} must be a bare host name (e.g. sbc1.example.com), without a scheme, got ${describeValue(value)}`;
                }
                return undefined;
            default:
                return undefined;
        }
    },
};

/**
 * Validates WebexTrunk inputs before any API call. Nothing is defaulted:
 * leaving a field out lets Webex pick its default, and the diff ignores
 * fields the program does not set.
 */
export function checkWebexTrunk(olds: unknown, news: unknown): CheckResult {
    return checkInputs(WEBEX_TRUNK, WEBEX_TRUNK_RULES, olds, news);
}
