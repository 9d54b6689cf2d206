/**
 * Odin's generators (odins-spear endpoints/password_generate.py and its docs):
 *   GET /sip-password/generate            -> {password}   (sample "8!01T_8Hk{R6", 12 characters)
 *   GET /sip-password/generate?limit=N    -> {passwords: [...]}
 *   GET /password/generate?serviceProviderId&groupId[&limit]  -> the group's web password(s)
 *                                             (sample "?+^8RZ40MeC3+:i.BQ", 18 characters)
 *   GET /passcode/generate?serviceProviderId&groupId[&limit]  -> portal passcode(s)
 * odins-spear's get_sip_passwords_generate calls /password/generate without
 * serviceProviderId and groupId (a library bug the reference notes); the
 * simulator answers that with 400 naming the missing id. The passcode length
 * (6 digits) is a modelling choice.
 */
import { randomInt } from "crypto";
import { invalid } from "./errors";

const UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
const LOWER = "abcdefghijkmnopqrstuvwxyz";
const DIGITS = "23456789";
const SIP_SPECIALS = "!_{}#%+";
const WEB_SPECIALS = "?+^:.-_{}[]()#$%@*!";

export type Generator = "sip" | "web" | "passcode";

/** One or `limit` values, as {password} / {passwords} (passcodes: {passcode} / {passcodes}). */
export function generate(kind: Generator, limit: string | undefined): Record<string, string | string[]> {
    const one = () => (kind === "sip" ? mixed(12, SIP_SPECIALS) : kind === "web" ? mixed(18, WEB_SPECIALS) : digits(6));
    const key = kind === "passcode" ? "passcode" : "password";
    if (limit === undefined) {
        return { [key]: one() };
    }
    const n = Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 100) {
        throw invalid(`limit must be an integer from 1 to 100 (got ${JSON.stringify(limit)})`);
    }
    return { [`${key}s`]: Array.from({ length: n }, one) };
}

/** At least one of each class, the rest from all of them, shuffled. */
function mixed(length: number, specials: string): string {
    const all = UPPER + LOWER + DIGITS + specials;
    const chars = [UPPER, LOWER, DIGITS, specials].map((g) => g[randomInt(g.length)]);
    while (chars.length < length) {
        chars.push(all[randomInt(all.length)]);
    }
    for (let i = chars.length - 1; i > 0; i--) {
        const j = randomInt(i + 1);
        [chars[i], chars[j]] = [chars[j], chars[i]];
    }
    return chars.join("");
}

function digits(length: number): string {
    return Array.from({ length }, () => String(randomInt(10))).join("");
}
