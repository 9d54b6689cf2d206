/**
 * Serves one compiled Pulumi program to the real `pulumi` CLI (its `--client`
 * flag), through the SDK's own inline-program language server: the
 * `LanguageServer` that the Automation API starts for `stack.up({ program })`.
 *
 * It stands where the Node.js language host (`pulumi-language-nodejs`) would:
 * that host cannot be built on this project's machines (the Go module proxy
 * they reach refuses every version of its module; scripts/pulumi-cli.sh
 * records the refusal). Everything else a command runs is the real thing: the
 * CLI and its engine, the file backend, the dynamic-provider plugin
 * `pulumi-resource-pulumi-nodejs`, and the program itself, which is the same
 * compiled JavaScript the language host would hand to `@pulumi/pulumi/cmd/run`.
 *
 * usage: node programServer.js ENTRY   (cwd: the Pulumi project)
 * Prints the port on its first line of stdout; exits on SIGTERM or when
 * its stdin closes (the test driver holds it open).
 *
 * The SDK is the project's own (`@pulumi/pulumi` resolved from the cwd), so
 * the program and the server share one copy, as under the language host.
 */
import * as fs from "fs";
import * as path from "path";

const entry = path.resolve(process.argv[2] ?? "");
if (!process.argv[2] || !fs.existsSync(entry)) {
    console.error(`usage: programServer ENTRY (a compiled Pulumi program); ${JSON.stringify(process.argv[2])} not found`);
    process.exit(2);
}
const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [process.cwd()] }));
const fromSdk = (m: string): any => require(require.resolve(m, { paths: [sdk] }));
const grpc = fromSdk("@grpc/grpc-js");
const { LanguageServer } = fromSdk(path.join(sdk, "automation", "server"));
const langrpc = fromSdk(path.join(sdk, "proto", "language_grpc_pb"));
const { grpcChannelOptions } = fromSdk(path.join(sdk, "runtime", "settings"));

const programDir = fs.statSync(entry).isDirectory() ? entry : path.dirname(entry);
/**
 * The language host runs each program in a fresh process; here one process
 * serves every run of one command (`pulumi up` runs the program for its
 * preview and again for the update), so the program's own modules load anew
 * each time. Packages (pulumi-trunking, the SDK) stay loaded, as they would
 * not be under the host: a package keeping state between two runs of a
 * program would show here, never hide.
 */
const program = async (): Promise<unknown> => {
    for (const k of Object.keys(require.cache)) {
        if (k.startsWith(programDir + path.sep)) {
            delete require.cache[k];
        }
    }
    return require(entry);
};

const server = new grpc.Server({ ...(grpcChannelOptions ?? {}) });
const languageServer = new LanguageServer(program);
server.addService(langrpc.LanguageRuntimeService, languageServer);
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err: Error | null, port: number) => {
    if (err) {
        console.error(`programServer: ${err.message}`);
        process.exit(1);
    }
    process.stdout.write(`${port}\n`);
});
const stop = (): void => {
    server.forceShutdown();
    process.exit(0);
};
process.on("SIGTERM", stop);
process.stdin.on("end", stop);
process.stdin.resume();
