#!/usr/bin/env bash
# usage: .ci/node-line.sh MAJOR DIR
# Puts the newest Node MAJOR.x from the npm registry's `node` package (a real
# node binary, fetched by its postinstall from the registry) into DIR and
# prints the binary's path. The machines have only the system Node.
set -euo pipefail
major=$1; dir=$2
mkdir -p "$dir"
if [ ! -x "$dir/node_modules/node/bin/node" ]; then
  (cd "$dir" && npm install --no-save --no-audit --no-fund --no-package-lock "node@$major" >install.log 2>&1) \
    || { cat "$dir/install.log" >&2; exit 1; }
fi
bin="$dir/node_modules/node/bin/node"
got=$("$bin" -p 'process.versions.node.split(".")[0]')
[ "$got" = "$major" ] || { echo "node@$major gave Node $got" >&2; exit 1; }
echo "$bin"
