#!/usr/bin/env bash
# End-to-end tests in a real n8n 2.41.1. scripts/n8n-with-pack.sh packs the pack, installs it into
# a fresh n8n user folder the way n8n installs a community package, and sets n8n up offline; the
# jest project "e2e" then imports and executes the pipeline workflows with n8n's command line.
# Nothing leaves this machine: the workflows use local stand-ins for the CRM and email steps.
# Extra arguments go to jest (e.g. -t 'round robin').
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

bash scripts/n8n-with-pack.sh npx jest --selectProjects e2e --runInBand "$@"
