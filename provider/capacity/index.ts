export { getTrunkingCapacity, getTrunkingCapacityOutput } from "./function";
export type { GetTrunkingCapacityArgs, GetTrunkingCapacityOutputArgs, TrunkingCapacityOptions, TrunkingCapacityOutputOptions } from "./function";
export { trunkingCapacityReport } from "./run";
export { buildTrunkingCapacityReport } from "./report";
export { formatCapacityTable } from "./table";
export { renderCapacityHtml, renderCapacityMarkdown, renderCapacityCsv } from "./render";
export type { HtmlOptions, MarkdownOptions, CsvOptions } from "./render";
export { fetchCapacity } from "./fetch";
export type * from "./types";
