#!/usr/bin/env bash
# Quick start, command 1 of 2: installs what it needs, then runs Amanat on the local database
# with a clearly marked DEMO organisation and prints a walk-through (reporter, caseworker,
# analyst). The server reads its settings from the environment as in production, e.g.
# `INTAKE_RATE_LIMIT=5 PORT=9000 bash scripts/demo.sh`. Refused when NODE_ENV=production.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/prerequisites.sh
source scripts/lib/prerequisites.sh

if [ "${NODE_ENV:-}" = production ]; then
  amanat_say "the demo uses throwaway demo keys and is refused when NODE_ENV=production"
  exit 1
fi
amanat_require_node
amanat_require_gnupg
amanat_require_database_tools
amanat_require_postgresql
amanat_install_npm_packages
# Shown on the reporter page without JavaScript: the organisation's other channels, one per line.
export ALTERNATIVE_CHANNELS="${ALTERNATIVE_CHANNELS:-Signal: +00 000 000 000 (DEMO ONLY)
Email: reports@example.org (DEMO ONLY)}"
exec node --import tsx scripts/demo.ts
