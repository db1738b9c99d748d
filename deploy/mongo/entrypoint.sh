#!/bin/bash
# Wrapper around the official mongo image's docker-entrypoint.sh.
#
# Why: Compose (outside Swarm) bind-mounts secret files with the host's owner and mode.
# mongod refuses a keyfile that is not owned by its own user (mongodb, uid 999) or that
# others can read, and the official entrypoint reads MONGO_INITDB_ROOT_PASSWORD_FILE
# only after dropping to that user. So copy both, as root, to a private tmpfs (never on
# disk) with owner mongodb and mode 0400, then hand over to the normal entrypoint.
set -Eeuo pipefail

private_dir=/run/mongo-private          # tmpfs, see docker-compose.yml
keyfile="$private_dir/keyfile"           # must match --keyFile in docker-compose.yml

mkdir -p "$private_dir"
chown mongodb:mongodb "$private_dir"
chmod 0700 "$private_dir"

install -o mongodb -g mongodb -m 0400 /run/secrets/mongo_keyfile "$keyfile"

if [ -n "${MONGO_INITDB_ROOT_PASSWORD_FILE:-}" ]; then
	install -o mongodb -g mongodb -m 0400 "$MONGO_INITDB_ROOT_PASSWORD_FILE" "$private_dir/root_password"
	export MONGO_INITDB_ROOT_PASSWORD_FILE="$private_dir/root_password"
fi

exec docker-entrypoint.sh "$@"
