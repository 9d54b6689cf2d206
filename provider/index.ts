/**
 * The public surface of pulumi-trunking: the resources and their argument
 * and output types, the capacity functions and the report's renderers (table,
 * HTML, Markdown, CSV), the error type callers may
 * catch, and the wire types of both APIs. Everything else is internal and
 * may change in any release. The simulators are `pulumi-trunking/simulator`;
 * the entry serialized providers load is `pulumi-trunking/dynamic`.
 */
import "./util/nodeCheck";
export { TrunkGroup, TrunkGroupArgs } from "./odin/trunkGroup/resource";
export { GroupTrunkingCapacity, GroupTrunkingCapacityArgs } from "./odin/groupCapacity/resource";
export { ServiceProviderTrunkingCapacity, ServiceProviderTrunkingCapacityArgs } from "./odin/serviceProviderCapacity/resource";
export { EnterpriseTrunk, EnterpriseTrunkArgs } from "./odin/enterpriseTrunk/resource";
export { WebexTrunk, WebexTrunkArgs, WebexTrunkOutputs } from "./webex/trunk/resource";
export { getTrunkingCapacity, getTrunkingCapacityOutput, formatCapacityTable, renderCapacityHtml, renderCapacityMarkdown, renderCapacityCsv } from "./capacity";
export type {
    GetTrunkingCapacityArgs,
    GetTrunkingCapacityOutputArgs,
    TrunkingCapacityOptions,
    TrunkingCapacityOutputOptions,
    TrunkingCapacityReport,
    GroupCapacityReport,
    TrunkGroupCapacityLine,
    EnterpriseTrunkCapacityLine,
    GroupCapacityBefore,
    ServiceProviderCapacityBefore,
    HtmlOptions,
    MarkdownOptions,
    CsvOptions,
} from "./capacity";
export { ApiError } from "./http/errors";
export * from "./odin/types";
export * from "./webex/types";
