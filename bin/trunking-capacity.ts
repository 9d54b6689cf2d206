#!/usr/bin/env node
/**
 * trunking-capacity: the trunking capacity report of a service provider or
 * enterprise, as a table per group or as JSON. Same settings as the
 * TrunkGroup resource: flags, else ODIN_BASE_URL / ODIN_USERNAME / ODIN_PASSWORD.
 */
import { parseArgs } from "util";
import { getTrunkingCapacity } from "../provider/capacity/function";
import { formatCapacityTable } from "../provider/capacity/table";
import { OdinClient } from "../provider/odin/client";
import { ODIN_CONNECTION_HELP, ODIN_CONNECTION_OPTIONS, ODIN_CONNECTION_USAGE, odinSettingsFromFlags } from "./connection";

const USAGE = `usage: trunking-capacity --service-provider SP [--group G]... [--enterprise-trunks] [--json]
                         [--concurrency N] [--no-report-endpoint]
                         ${ODIN_CONNECTION_USAGE}

${ODIN_CONNECTION_HELP}`;

async function main(): Promise<number> {
    let values;
    try {
        ({ values } = parseArgs({
            options: {
                "service-provider": { type: "string", short: "s" },
                group: { type: "string", short: "g", multiple: true },
                "enterprise-trunks": { type: "boolean" },
                json: { type: "boolean" },
                concurrency: { type: "string" },
                "no-report-endpoint": { type: "boolean" },
                ...ODIN_CONNECTION_OPTIONS,
                help: { type: "boolean", short: "h" },
            },
        }));
    } catch (e) {
        process.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
        return 2;
    }
    if (values.help) {
        process.stdout.write(`${USAGE}\n`);
        return 0;
    }
    if (!values["service-provider"]) {
        process.stderr.write(`--service-provider is required\n\n${USAGE}\n`);
        return 2;
    }
    const settings = odinSettingsFromFlags(values);
    const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
    const client = new OdinClient({ ...settings, maxInFlight: concurrency });
    const tty = process.stderr.isTTY && !values.json;
    const report = await getTrunkingCapacity(
        { serviceProviderId: values["service-provider"], groupIds: values.group, includeEnterpriseTrunks: values["enterprise-trunks"], concurrency },
        {
            client,
            useReportEndpoint: values["no-report-endpoint"] ? false : undefined,
            onProgress: tty ? (done, total) => process.stderr.write(`\rgroups ${done}/${total}${done === total ? "\n" : ""}`) : undefined,
        },
    );
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatCapacityTable(report)}\n`);
    return 0;
}

main().then(
    (code) => process.exit(code),
    (e) => {
        process.stderr.write(`trunking-capacity: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
    },
);
