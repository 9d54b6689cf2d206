// The real pulumi CLI in throwaway projects: the driver the benchmarks share (bench/pulumiCli.ts).
export * from "../../bench/pulumiCli";
