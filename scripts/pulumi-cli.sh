#!/usr/bin/env bash
# Builds the real Pulumi CLI for this project's end-to-end tests from the Go
# module proxy, into a cache folder, and prints the folder to put on PATH.
# Idempotent: a folder already built at the pinned version is printed at once.
# Users install Pulumi as they always do; this is for contributors and CI.
#
#   PATH="$(scripts/pulumi-cli.sh):$PATH" pulumi version
#
# Settings (environment):
#   PULUMI_CLI_VERSION  the pulumi/pulumi release (default below: the newest
#                       the Go module proxy serves at or above the SDK floor)
#   PULUMI_YAML_VERSION the pulumi-yaml language host release
#   PULUMI_CLI_CACHE    where the binaries go (default ~/.cache/pulumi-trunking/pulumi-cli)
# Go's own module and build caches (GOMODCACHE, GOCACHE) make a warm rebuild
# take seconds; the cold build downloads about 300 modules.
#
# What is built, each as a dependency of a small wrapper module (the
# pulumi/pulumi go.mod files carry `replace` lines, so `go install pkg@v` is
# refused):
#   pulumi                 github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
#   pulumi-language-yaml   github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
#   pulumi-language-nodejs github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
#   pulumi-language-python github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3
#     (these two only when the proxy serves them: they have no tags of their
#     own, and the proxy this project's machines reach refuses every version of
#     both; `go get`'s refusal is written to STATUS in the folder)
# plus pulumi-resource-pulumi-nodejs, the dynamic-provider plugin: a script that
# runs `node` on @pulumi/pulumi's dynamic-provider host resolved from the
# program's own folder, so one copy serves every project.
set -Eeuo pipefail

version=${PULUMI_CLI_VERSION:-3.277.0}
yaml_version=${PULUMI_YAML_VERSION:-1.25.0}
cache=${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-trunking/pulumi-cli}
dir=$cache/v$version
bin=$dir/bin
log() { echo "pulumi-cli: $*" >&2; }

command -v go >/dev/null || { log "Go is needed to build the CLI (go 1.26 or newer on PATH)"; exit 1; }

if [ -x "$bin/pulumi" ] && [ -x "$bin/pulumi-language-yaml" ] && [ -f "$dir/STATUS" ] \
  && [ "$("$bin/pulumi" version 2>/dev/null)" = "v$version" ]; then
  echo "$bin"
  exit 0
fi

mkdir -p "$bin"
: >"$dir/build.log"
trap 'echo "pulumi-cli: the build failed; the go commands said:" >&2; tail -40 "$dir/build.log" >&2' ERR
flags=(-trimpath -tags osusergo,grpcnotrace -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version")
export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local

wrapper() { # wrapper NAME: a fresh wrapper module folder
  local w=$dir/src/$1
  rm -rf "$w"; mkdir -p "$w"
  (cd "$w" && go mod init "pulumi-trunking.local/build/$1" >/dev/null 2>&1)
  echo "$w"
}

s=$SECONDS
w=$(wrapper cli)
(
  cd "$w"
  # The one replace the CLI needs on every platform (a Windows clipboard fix,
  # harmless elsewhere); sdk/go.mod's golang.org/x/text replace is not copied.
  go mod edit -replace github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e
  go get -tool "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$version" "github.com/pulumi/pulumi/sdk/v3@v$version" >>"$dir/build.log" 2>&1
  go mod tidy >>"$dir/build.log" 2>&1
  go build "${flags[@]}" -o "$bin/" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
)
log "pulumi v$version built in $((SECONDS - s)) s"

s=$SECONDS
w=$(wrapper yaml)
(
  cd "$w"
  go get -tool "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@v$yaml_version" >>"$dir/build.log" 2>&1
  go mod tidy >>"$dir/build.log" 2>&1
  go build "${flags[@]}" -o "$bin/" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
)
log "pulumi-language-yaml v$yaml_version built in $((SECONDS - s)) s"

# The Node.js and Python language hosts have no tags of their own: pin the
# pseudo-version of the commit the release tag names (PULUMI_NODEJS_HOST_VERSION,
# PULUMI_PYTHON_HOST_VERSION). Unpinned, the newest the proxy serves is asked for,
# so that its answer is on record. Tried every time the folder is (re)built.
status="pulumi v$version, pulumi-language-yaml v$yaml_version"
host() { # host NAME MODULE [PIN]
  local name=$1 module=$2 pin=${3:-latest} w err=$dir/$1-host.err
  w=$(wrapper "$name")
  if (cd "$w" && go mod edit -replace github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e \
      && go get -tool "$module@$pin" && go mod tidy && go build "${flags[@]}" -o "$bin/" "$module") >"$err" 2>&1; then
    status+=", $(basename "$(dirname "$module")") $(cd "$w" && go list -m -f '{{.Version}}' "$module")"
  else
    status+="; $name language host NOT built: \`go get -tool $module@$pin\` said: $(grep -v '^go: downloading' "$err" | tr '\n' ' ' | cut -c1-300)"
    log "the $name language host could not be obtained from the Go module proxy: $(grep -v '^go: downloading' "$err")"
  fi
}
host nodejs github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 "${PULUMI_NODEJS_HOST_VERSION:-}"
host python github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3 "${PULUMI_PYTHON_HOST_VERSION:-}"

# The dynamic-provider plugin, copied as @pulumi/pulumi ships it (it resolves
# @pulumi/pulumi from the program's folder at run time, so one copy serves
# every project).
plugin=$(cd "$(dirname "$0")/.." && node -p "require('path').join(require('path').dirname(require.resolve('@pulumi/pulumi/package.json')), 'pulumi-resource-pulumi-nodejs')" 2>/dev/null) \
  || { log "run npm ci first: the dynamic-provider plugin is copied from node_modules/@pulumi/pulumi"; exit 1; }
install -m 0755 "$plugin" "$bin/pulumi-resource-pulumi-nodejs"

echo "$status" >"$dir/STATUS"
echo "$bin"
