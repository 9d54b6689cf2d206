#!/usr/bin/env bash
# Writes the Python SDK of the trunking provider plugin (the package pulumi_trunking)
# from schema.json into OUT_DIR, and prints OUT_DIR.
#
#   bash scripts/python-sdk.sh OUT_DIR [SCHEMA]      # default SCHEMA: schema.json of this repository
#   bash scripts/python-sdk.sh --generator           # builds the generator if needed, prints its path
#
# Users do not need this: they run `pulumi package gen-sdk <schema.json> --language python`
# or `pulumi package add <path to pulumi-resource-trunking>` (docs/plugin.md). Both run the
# code generation inside Pulumi's Python language host, which cannot be obtained on this
# project's machines (the Go module proxy refuses it: docs/testing.md). This script runs the
# same generator, github.com/pulumi/pulumi/pkg/v3/codegen/python at the CLI's version, through
# scripts/gen-python/main.go, built like scripts/pulumi-cli.sh builds the CLI: as a small
# wrapper module (go get, go build) into the same cache folder (bin/pulumi-trunking-gen-python),
# rebuilt when main.go changes. Measured here (2 shared cores): cold with Go's module cache
# already filled by scripts/pulumi-cli.sh (same pkg/v3 version) but an empty build cache,
# 172 s (9 s with Go's build cache warm too); built, it is printed in 0.02 s and the
# generation takes 0.2 s.
#
# Settings (environment): PULUMI_CLI_VERSION, PULUMI_CLI_CACHE as for scripts/pulumi-cli.sh.
set -Eeuo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: python-sdk.sh OUT_DIR [SCHEMA] | --generator}
schema=${2:-$here/../schema.json}
version=${PULUMI_CLI_VERSION:-3.277.0}
cache=${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-trunking/pulumi-cli}
dir=$cache/v$version
bin=$dir/bin/pulumi-trunking-gen-python
log() { echo "python-sdk: $*" >&2; }

command -v go >/dev/null || { log "Go is needed to build the generator (go 1.26 or newer on PATH)"; exit 1; }

# Rebuilt when the generator's source changes.
stamp=$(sha256sum "$here/gen-python/main.go" | cut -c1-16)
if [ ! -x "$bin" ] || [ "$(cat "$bin.source" 2>/dev/null)" != "$stamp" ]; then
  s=$SECONDS
  mkdir -p "$dir/bin"
  w=$dir/src/gen-python
  rm -rf "$w"; mkdir -p "$w"
  cp "$here/gen-python/main.go" "$w/"
  trap 'log "the build failed; the go commands said:"; tail -40 "$dir/gen-python-build.log" >&2' ERR
  (
    cd "$w"
    export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local
    go mod init pulumi-trunking.local/build/gen-python >/dev/null 2>&1
    # The same replace the CLI's build needs (a Windows clipboard fix, harmless elsewhere).
    go mod edit -replace github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e
    go get "github.com/pulumi/pulumi/pkg/v3@v$version" "github.com/pulumi/pulumi/sdk/v3@v$version"
    go mod tidy
    go build -trimpath -o "$bin" .
  ) >"$dir/gen-python-build.log" 2>&1
  trap - ERR
  echo "$stamp" >"$bin.source"
  log "built $bin (github.com/pulumi/pulumi/pkg/v3@v$version codegen/python) in $((SECONDS - s)) s"
fi

if [ "$out" = --generator ]; then
  echo "$bin"
  exit 0
fi
"$bin" "$schema" "$out" >&2
echo "$out"
