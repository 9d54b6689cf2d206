#!/usr/bin/env bash
# The same in any CI system: preview, the projected capacity report as Markdown
# (for a merge-request comment or a job summary) and as an HTML page, then
# apply; never prompting. Stops before applying when the preview fails, and
# when the report has oversubscribed groups while the stack's
# odin:oversubscription is `deny`. Needs Node 22 or newer (pulumi-trunking's
# engines) and the Pulumi CLI on PATH; jq, if present, prints a failed
# preview's messages. APPLY=false stops after the report (for merge requests).
set -euo pipefail
: "${ODIN_BASE_URL:?}" "${ODIN_USERNAME:?}" "${ODIN_PASSWORD:?}"
stack=${PULUMI_STACK:-prod}
npm ci
export PATH="$PWD/node_modules/.bin:$PATH"
pulumi stack select "$stack" --non-interactive

# 1. Preview. Its streamed events carry the stack outputs as the preview computed them,
#    among them `capacity`, the report as it will be after the change (projected).
if ! PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true pulumi preview --non-interactive --json --parallel 4 > preview.jsonl; then
  if command -v jq > /dev/null; then
    jq -r 'select(.diagnosticEvent) | .diagnosticEvent | "\(.severity): \(.message)"' preview.jsonl >&2 || true
  fi
  echo "pipeline: pulumi preview failed; nothing was applied" >&2
  exit 1
fi

# 2. The report, both forms. With the policy `deny`, oversubscription fails the pipeline
#    here (exit 3), after both files are written, so the report still shows why.
policy=$(pulumi config get odin:oversubscription 2>/dev/null || echo warn)
fail=()
if [ "$policy" = deny ]; then fail=(--fail-on-oversubscribed); fi
trunking-capacity render --from-preview preview.jsonl --html capacity-report.html --markdown "${fail[@]}" > capacity-report.md

# 3. Apply, and keep the report as it is afterwards.
if [ "${APPLY:-true}" = true ]; then
  pulumi up --non-interactive --yes --parallel 4
  pulumi stack output capacity --json > capacity.json
  trunking-capacity render --from capacity.json --html capacity-applied.html
fi
