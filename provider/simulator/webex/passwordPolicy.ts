/**
 * The trunk password rules of a location.
 *
 * Known (evidence):
 * - `?` and `!` are refused with 400 / 25015 "Invalid characters ? or ! in
 *   password." (a practitioner's call-routing notes, wxops, "confirmed via
 *   live API testing").
 * - The rules are the location's "effective password settings";
 *   POST /telephony/config/locations/{id}/actions/generatePassword/invoke
 *   returns `{exampleSipPassword}` that satisfies them, and wxc_sdk's own tests
 *   create every trunk with such a password (tests/test_telephony_trunks.py,
 *   tests/test_telephony_call_routing.py), never with a literal.
 *
 * Modelling choices (no public source gives the numbers or the error text):
 * - The rule set is BroadWorks' SIP authentication password rules (minimum
 *   length, digits, upper/lower case letters, non-alphanumerics, not
 *   containing the authentication name), since Webex Calling's trunk layer is
 *   BroadWorks (its 206 details quote OCI-P errors).
 * - Default: at least 8 characters, one each of digit, upper case, lower case
 *   and non-alphanumeric, at most 255, not containing the trunk's name.
 * - A violation is 400 with the simulator's own code 25150 and a sentence
 *   naming the rule, so clients see the same shape as 25015.
 */
import type { SipPasswordPolicy } from "./types";

export const DEFAULT_SIP_PASSWORD_POLICY: Required<SipPasswordPolicy> = {
    minLength: 8,
    maxLength: 255,
    minDigits: 1,
    minUpperCaseLetters: 1,
    minLowerCaseLetters: 1,
    minNonAlphanumericCharacters: 1,
    disallowTrunkName: true,
};

/** Characters generatePassword draws from: no `?` or `!`, which Webex refuses anyway. */
const CLASSES = {
    upper: "ABCDEFGHJKLMNPQRSTUVWXYZ",
    lower: "abcdefghijkmnopqrstuvwxyz",
    digit: "23456789",
    other: "#$%*+-_=@",
};

export function effectivePolicy(p: SipPasswordPolicy | undefined): Required<SipPasswordPolicy> {
    return { ...DEFAULT_SIP_PASSWORD_POLICY, ...(p ?? {}) };
}

/** The first rule the password breaks, as Webex-style text; undefined when it complies. */
export function passwordViolation(password: string, policy: Required<SipPasswordPolicy>, trunkName?: string): string | undefined {
    const count = (re: RegExp) => (password.match(re) ?? []).length;
    const need = (n: number, what: string) => `Password must contain at least ${n} ${what}.`;
    if (password.length < policy.minLength) {
        return `Password must be at least ${policy.minLength} characters long.`;
    }
    if (password.length > policy.maxLength) {
        return `Password must be at most ${policy.maxLength} characters long.`;
    }
    if (count(/[0-9]/g) < policy.minDigits) {
        return need(policy.minDigits, "digit(s)");
    }
    if (count(/[A-Z]/g) < policy.minUpperCaseLetters) {
        return need(policy.minUpperCaseLetters, "upper case letter(s)");
    }
    if (count(/[a-z]/g) < policy.minLowerCaseLetters) {
        return need(policy.minLowerCaseLetters, "lower case letter(s)");
    }
    if (count(/[^A-Za-z0-9]/g) < policy.minNonAlphanumericCharacters) {
        return need(policy.minNonAlphanumericCharacters, "non-alphanumeric character(s)");
    }
    if (policy.disallowTrunkName && trunkName && trunkName.length >= 3 && password.toLowerCase().includes(trunkName.toLowerCase())) {
        return "Password must not contain the trunk name.";
    }
    return undefined;
}

/** A password that satisfies the policy, from the given PRNG (seeded, so runs repeat). */
export function examplePassword(policy: Required<SipPasswordPolicy>, random: () => number): string {
    const pick = (set: string) => set[Math.floor(random() * set.length)];
    const chars: string[] = [];
    const add = (n: number, set: string) => {
        for (let i = 0; i < n; i++) {
            chars.push(pick(set));
        }
    };
    add(Math.max(1, policy.minUpperCaseLetters), CLASSES.upper);
    add(Math.max(1, policy.minLowerCaseLetters), CLASSES.lower);
    add(Math.max(1, policy.minDigits), CLASSES.digit);
    add(Math.max(1, policy.minNonAlphanumericCharacters), CLASSES.other);
    const all = CLASSES.upper + CLASSES.lower + CLASSES.digit + CLASSES.other;
    const target = Math.min(policy.maxLength, Math.max(policy.minLength, 16));
    add(Math.max(0, target - chars.length), all);
    for (let i = chars.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [chars[i], chars[j]] = [chars[j], chars[i]];
    }
    return chars.join("");
}
