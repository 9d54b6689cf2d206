#!/usr/bin/env bash
# The same in any CI system: preview, then apply, never prompting. Needs Node 22
# or newer (pulumi-trunking's engines) and the Pulumi CLI on PATH.
set -euo pipefail
: "${ODIN_BASE_URL:?}" "${ODIN_USERNAME:?}" "${ODIN_PASSWORD:?}"
npm ci
pulumi stack select prod --non-interactive
pulumi preview --non-interactive --diff
pulumi up --non-interactive --yes --parallel 4
pulumi stack output capacity --json > capacity.json
