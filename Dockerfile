# Amanat production image. Build: `docker build -t amanat .` (or `docker compose build`).
# No secrets or configuration are baked in: everything comes from the environment and
# *_FILE secrets at run time (see docs/operations.md, "Secret files").

# Pinned to a full version of the current LTS (the tests run on the same Node major, installed by
# scripts/lib/prerequisites.sh). To pin the exact bytes as well, append the digest a trusted
# machine reads with `docker buildx imagetools inspect node:24.22.3-bookworm-slim`
# (`FROM node:24.22.3-bookworm-slim@sha256:<digest>`); rebuild on every Node security release.
FROM node:24.22.3-bookworm-slim AS base
WORKDIR /app
# No update-notifier, audit or funding requests during installs: fewer network calls.
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_AUDIT=false \
    NPM_CONFIG_FUND=false

# ---- production dependencies only; this node_modules is what ships -----------------
FROM base AS deps
COPY package.json package-lock.json ./
# --ignore-scripts: no production dependency has an install script, so none may run.
RUN npm ci --omit=dev --ignore-scripts \
 && npm cache clean --force

# ---- full install + TypeScript build ------------------------------------------------
FROM base AS build
COPY package.json package-lock.json ./
# tsc is plain JS; dev tools' native install scripts (esbuild, watchers) are not needed.
RUN npm ci --ignore-scripts
COPY . .
# The reporter page has the organisation fingerprint built in: it trusts no key list that this
# fingerprint did not sign. Required, no default.
ARG ORG_FINGERPRINT
RUN test -n "$ORG_FINGERPRINT" || { echo "build arg ORG_FINGERPRINT is required" >&2; exit 1; }
# ...and the oldest recipient directory version it accepts (printed by `directory:import`): a
# replayed older directory is refused even if the server serves it. Rebuild after each directory.
ARG DIRECTORY_MIN_VERSION
RUN test -n "$DIRECTORY_MIN_VERSION" || { echo "build arg DIRECTORY_MIN_VERSION is required" >&2; exit 1; }
RUN npm run build && ORG_FINGERPRINT="$ORG_FINGERPRINT" DIRECTORY_MIN_VERSION="$DIRECTORY_MIN_VERSION" \
    node --import tsx client/build.ts --out dist/public

# ---- runtime: dist/ + manifests + production node_modules, nothing else --------------
FROM base AS runtime
LABEL org.opencontainers.image.title="amanat" \
      org.opencontainers.image.description="End-to-end encrypted incident reporting service" \
      org.opencontainers.image.licenses="AGPL-3.0-or-later"
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080
# Files stay root-owned and read-only to the app user: a compromised process cannot
# rewrite its own code.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json package-lock.json ./
# Where the compose `backup` service writes (scripts/lib/backup-schedule.ts): a new named volume
# mounted here takes this owner and mode, so only the app user reads the backups.
RUN install -d -o 1000 -g 1000 -m 0700 /backups
# The base image's non-root `node` user, numeric so runtimes can verify it is not root.
USER 1000:1000
EXPOSE 8080
# The slim image has no curl: probe liveness with Node's own fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
CMD ["node", "dist/server/main.js"]
