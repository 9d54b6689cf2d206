/**
 * What the state holds for a resource, from its tables: the outputs built
 * from an answer, and the inputs that reproduce those outputs (what read
 * returns, so refresh and import leave no diff against a program that
 * declares the same values).
 */
import { ResourceSchema, applies, fieldKeys, fieldNames, fieldSpec, isSet, isUnknown, outputNames } from "./schema";

type Props = Record<string, unknown>;

/**
 * Outputs = the API's value of every input field the resource manages (so a
 * refresh shows drift in exactly those), the read-only outputs, and each
 * write-only secret as last sent (the API never returns it; Pulumi keeps it
 * secret). `reported` is the answer keyed like the inputs and outputs.
 *
 * Where the API leaves unset values out of its answers (`answer.omitsUnset`),
 * a field it does not report is unset, and so is a field that does not apply
 * to the reported values, whatever the API still stores: check resets such a
 * field, so a program that dropped it settles. Elsewhere a field the answer
 * leaves out was not read this time and keeps its value, unless its absence
 * is itself a value (`unsetIsValue`), and whatever the API reports is kept. An
 * object the API answers with fewer keys than it takes keeps the sub-keys it
 * does not report, so they neither show a perpetual diff nor hide a change.
 */
export function outputsOf<T>(schema: ResourceSchema<T>, reported: Readonly<Props>, prior: Readonly<Props>, managed: Iterable<string> = fieldNames(schema)): Props {
    const normalize = schema.hooks?.normalize;
    const omits = schema.answer.omitsUnset === true;
    const outs: Props = {};
    for (const key of managed) {
        const spec = fieldSpec(schema, key);
        if (!spec || spec.writeOnly) {
            continue;
        }
        let value: unknown = null;
        if (!omits || applies(spec, reported)) {
            const raw = reported[key] === "" ? null : (reported[key] ?? null);
            value = normalize ? normalize(key, raw, spec) : raw;
            if (value === null && !omits && !spec.unsetIsValue) {
                value = prior[key] ?? null;
            }
            value = withUnreportedSubKeys(value, prior[key]);
        }
        if (value !== null || omits) {
            outs[key] = value;
        }
    }
    for (const key of fieldNames(schema)) {
        const spec = schema.fields[key];
        if (spec.writeOnly && spec.secret && applies(spec, reported) && typeof prior[key] === "string" && !isUnknown(prior[key])) {
            outs[key] = prior[key];
        }
    }
    for (const key of outputNames(schema)) {
        outs[key] = reported[key] ?? null;
    }
    return outs;
}

/**
 * Outputs for the fields the program manages: those the state (or the
 * program) holds, or, when it holds nothing but the identity (an import by
 * id), every field the API reports.
 */
export function managedOutputs<T>(schema: ResourceSchema<T>, reported: Readonly<Props>, props: Readonly<Props>): Props {
    const declared = fieldKeys(schema, props);
    const onlyIdentity = declared.every((k) => schema.fields[k].identity);
    const managed = onlyIdentity ? fieldNames(schema).filter((k) => isSet(reported[k]) || schema.fields[k].identity) : declared;
    return outputsOf(schema, reported, props, managed);
}

/**
 * The inputs that reproduce these outputs: every input field with a value
 * (null where null clears it) that applies to them; check would refuse the
 * others. An enum in another case is given in the case check allows.
 */
export function inputsFromOutputs<T>(schema: ResourceSchema<T>, outs: Readonly<Props>): Props {
    const inputs: Props = {};
    for (const key of fieldNames(schema)) {
        const spec = schema.fields[key];
        const v = outs[key];
        if (isUnknown(v) || !(isSet(v) ? v !== "" : v === null && spec.nullable === true)) {
            continue;
        }
        inputs[key] = spec.kind === "enum" && typeof v === "string" ? (spec.values?.find((x) => x.toLowerCase() === v.toLowerCase()) ?? v) : v;
    }
    for (const key of Object.keys(inputs)) {
        const spec = fieldSpec(schema, key);
        if (spec && !applies(spec, inputs)) {
            delete inputs[key];
        }
    }
    return inputs;
}

function withUnreportedSubKeys(server: unknown, prior: unknown): unknown {
    if (!isPlain(server) || !isPlain(prior)) {
        return server;
    }
    return { ...prior, ...server };
}

function isPlain(v: unknown): v is Props {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}
