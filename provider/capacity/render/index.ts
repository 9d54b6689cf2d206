export { renderCapacityHtml } from "./html";
export type { HtmlOptions } from "./html";
export { renderCapacityMarkdown, GITHUB_COMMENT_LIMIT } from "./markdown";
export type { MarkdownOptions } from "./markdown";
export { renderCapacityCsv, capacityCsvColumns } from "./csv";
export type { CsvOptions } from "./csv";
