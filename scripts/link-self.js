// The serialized dynamic providers load their implementation with
// require("pulumi-trunking/..."), exactly as they do when a user installs the
// package from npm. Inside this repository the package is not under
// node_modules, so link it there; this is what `npm link` would do, without
// touching the global prefix.
const fs = require("fs");
const path = require("path");
const root = path.resolve(__dirname, "..");
const link = path.join(root, "node_modules", "pulumi-trunking");
fs.mkdirSync(path.dirname(link), { recursive: true });
try {
  if (fs.realpathSync(link) === root) process.exit(0);
  fs.rmSync(link, { recursive: true, force: true });
} catch {
  // not there yet
}
fs.symlinkSync(path.relative(path.dirname(link), root) || ".", link, "dir");
