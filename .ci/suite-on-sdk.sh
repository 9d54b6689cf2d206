#!/usr/bin/env bash
# usage: .ci/suite-on-sdk.sh SDK_VERSION NODE_BINARY SCRATCH_DIR
# Runs the whole mocha suite on another @pulumi/pulumi, on another Node, in a
# scratch copy of this tree, so the tree itself stays at the lockfile. The copy
# gets ../shared beside it as the clone has.
set -euo pipefail
sdk=$1; node_bin=$2; dir=$3
root=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "$root/../shared" && pwd)
node_dir=$(dirname "$node_bin")
mkdir -p "$dir"
ln -sfn "$shared" "$dir/shared"
copy="$dir/pulumi-trunking"
rm -rf "$copy"; mkdir -p "$copy"
# The files git knows (committed or not), and the installed node_modules.
(cd "$root" && git ls-files -z --cached --others --exclude-standard | tar --null -cf - -T -) | tar -C "$copy" -xf -
cp -a "$root/node_modules" "$copy/node_modules"
cd "$copy"
export PATH="$node_dir:$PATH"
# npm runs on that Node too: --engine-strict fails if the SDK's engines (or ours) exclude it.
npm install --no-save --no-audit --no-fund --prefer-offline --engine-strict "@pulumi/pulumi@$sdk" >"$dir/install.log" 2>&1 \
  || { cat "$dir/install.log"; exit 1; }
got=$(node -p 'require("@pulumi/pulumi/package.json").version')
[ "$got" = "$sdk" ] || { echo "expected @pulumi/pulumi $sdk, got $got"; exit 1; }
echo "suite on @pulumi/pulumi $got, Node $(node -v)"
# Build against this SDK's declarations, then the suite (.mocharc.json: every *.test.js).
npm run --silent build
node node_modules/mocha/bin/mocha.js --reporter dot
