#!/usr/bin/env bash
# Quick start, command 2 of 2 (and what CI runs): installs what it needs, then type-checks, lints
# and runs the whole test suite against a real local MongoDB-compatible server, real GnuPG and
# Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/prerequisites.sh
source scripts/lib/prerequisites.sh

amanat_require_node
amanat_require_gnupg
amanat_require_chromium
amanat_require_caddy
amanat_require_tor
amanat_require_docker_compose
amanat_require_database_tools
amanat_require_postgresql
amanat_install_npm_packages
amanat_say "type-checking, linting, checking formatting"
npm run --silent check
amanat_say "running the test suite"
npx jest --ci "$@"
