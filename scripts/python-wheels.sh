#!/usr/bin/env bash
# A folder of wheels (a "wheelhouse") holding the Pulumi Python SDK from PyPI, pinned,
# with its dependencies (grpcio, protobuf, dill, semver, pyyaml, …) and setuptools (the
# generated SDK's build backend), for the plugin's Python example and its end-to-end
# test; prints the folder. Idempotent: a complete folder is printed at once. With it,
# the example README's own pip lines run offline and fast:
#
#   PIP_NO_INDEX=1 PIP_FIND_LINKS="$(bash scripts/python-wheels.sh)" venv/bin/pip install -r requirements.txt
#
# A folder of wheels rather than a shared venv: each project keeps its own venv, as its
# README says, and tests running at once never install into the same environment.
# Measured here (2 shared cores): cold, 7 s (21 wheels, 14 MB from PyPI); warm, 0.2 s.
# From the folder, the README's venv and pip lines then take about 12 s, and the
# install of the generated SDK 6 s.
#
# Settings (environment):
#   PULUMI_PYTHON_SDK_VERSION  the pulumi package (default below: the newest PyPI serves
#                              at the time of writing; the CLI it drives is v3.277.0)
#   PULUMI_PYTHON_WHEELS       the folder (default ~/.cache/pulumi-trunking/python-wheels/<version>-<python>)
#   PYTHON                     the interpreter the wheels are for (default python3: 3.9 or newer)
set -Eeuo pipefail

version=${PULUMI_PYTHON_SDK_VERSION:-3.272.0}
python=${PYTHON:-python3}
log() { echo "python-wheels: $*" >&2; }

command -v "$python" >/dev/null || { log "python3 is needed (3.9 or newer, with pip and venv)"; exit 1; }
tag=$("$python" -c 'import sys; print("cp%d%d" % sys.version_info[:2])')
dir=${PULUMI_PYTHON_WHEELS:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-trunking/python-wheels/$version-$tag}

if [ -f "$dir/COMPLETE" ]; then
  echo "$dir"
  exit 0
fi

s=$SECONDS
tmp=$(mktemp -d "$dir.partial.XXXXXX" 2>/dev/null || { mkdir -p "$(dirname "$dir")" && mktemp -d "$dir.partial.XXXXXX"; })
trap 'rm -rf "$tmp"' EXIT
"$python" -m pip download --quiet --disable-pip-version-check --no-cache-dir --only-binary=:all: \
  -d "$tmp" "pulumi==$version" "setuptools>=77" >&2
echo "pulumi==$version for $tag" >"$tmp/COMPLETE"
# Another run may have finished first: keep whichever folder is complete.
rm -rf "$dir.old"; [ -d "$dir" ] && mv "$dir" "$dir.old"
mv "$tmp" "$dir"; rm -rf "$dir.old"
trap - EXIT
log "pulumi $version and its dependencies from PyPI in $dir ($((SECONDS - s)) s)"
echo "$dir"
