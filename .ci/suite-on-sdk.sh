#!/usr/bin/env bash
# usage: .ci/suite-on-sdk.sh prepare SDK_VERSION NODE_BINARY SCRATCH_DIR
#        .ci/suite-on-sdk.sh run SCRATCH_DIR
# The whole mocha suite on another @pulumi/pulumi, on another Node, in a
# scratch copy of this tree, so the tree itself stays at the lockfile. The copy
# gets ../shared beside it as the clone has. `prepare` (copy, install, build:
# npm and disk, little CPU) can run while something else does; `run` runs the suite.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
case $1 in
prepare)
  sdk=$2; node_bin=$3; dir=$4
  shared=$(cd "$root/../shared" && pwd)
  mkdir -p "$dir"
  ln -sfn "$shared" "$dir/shared"
  ln -sfn "$(dirname "$node_bin")" "$dir/node-bin"
  copy="$dir/pulumi-trunking"
  rm -rf "$copy"; mkdir -p "$copy"
  # The files git knows (committed or not), and the installed node_modules.
  (cd "$root" && git ls-files -z --cached --others --exclude-standard | tar --null -cf - -T -) | tar -C "$copy" -xf -
  cp -a "$root/node_modules" "$copy/node_modules"
  cd "$copy"
  export PATH="$dir/node-bin:$PATH"
  # npm runs on that Node too: --engine-strict fails if the SDK's engines (or ours) exclude it.
  npm install --no-save --no-audit --no-fund --prefer-offline --engine-strict "@pulumi/pulumi@$sdk" >"$dir/install.log" 2>&1 \
    || { cat "$dir/install.log"; exit 1; }
  got=$(node -p 'require("@pulumi/pulumi/package.json").version')
  [ "$got" = "$sdk" ] || { echo "expected @pulumi/pulumi $sdk, got $got"; exit 1; }
  # Built against this SDK's declarations.
  npm run --silent build
  ;;
run)
  dir=$2
  cd "$dir/pulumi-trunking"
  export PATH="$dir/node-bin:$PATH"
  echo "suite on @pulumi/pulumi $(node -p 'require("@pulumi/pulumi/package.json").version'), Node $(node -v)"
  # .mocharc.json: every *.test.js.
  node node_modules/mocha/bin/mocha.js --reporter dot
  ;;
*)
  echo "usage: $0 prepare SDK NODE_BINARY DIR | run DIR" >&2; exit 2 ;;
esac
