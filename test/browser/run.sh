#!/usr/bin/env bash
# The templates in n8n's editor, in a real browser: scripts/n8n-with-pack.sh installs the pack into
# a fresh n8n user folder, and the jest project "browser" imports the templates, starts n8n on a
# free loopback port and drives Debian's Chromium (headless) through playwright-core.
# Needs Chromium at /usr/bin/chromium (apt-get install -y chromium) or LEAD_SCORING_CHROMIUM.
# LEAD_SCORING_SCREENSHOTS=<folder> keeps the pictures; npm run screenshots writes docs/screenshots.
# Extra arguments go to jest (e.g. -t 'Assign Rep').
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

bash scripts/n8n-with-pack.sh npx jest --selectProjects browser --runInBand "$@"
