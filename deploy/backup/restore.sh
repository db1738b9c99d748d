#!/bin/bash
# Restore of a scheduled backup (compose service `restore`, profile "restore"): reads the
# *decrypted* mongodump archive on stdin and restores it into the app database with the app's
# own credentials. Decrypt where the organisation secret key is, and stream, e.g.
#   gpg --decrypt amanat-….archive.gz.gpg | ssh <server> 'cd <checkout> && docker compose run --rm -T restore'
# so the plaintext archive never lands on a disk. Refuses a database that holds documents unless
# called with --drop (mongorestore then drops each collection it restores).
set -Eeuo pipefail
umask 077

: "${MONGODB_URI_FILE:=/run/secrets/mongodb_uri}"
drop=""
if [[ "${1:-}" == "--drop" ]]; then drop="--drop"; fi

uri="$(tr -d '\r\n' < "$MONGODB_URI_FILE")"
db="${uri#*://}"
db="${db#*/}"
db="${db%%\?*}"
[[ "$db" =~ ^[A-Za-z0-9_-]+$ ]] || { echo "restore: no database name in the connection string" >&2; exit 1; }

# Credentials go to 0600 files in memory, never on a command line.
config="$(mktemp /tmp/mongorestore.XXXXXX.yaml)"
trap 'rm -f -- "$config"' EXIT
printf 'uri: "%s"\n' "$uri" > "$config"
unset uri

if [[ -z "$drop" ]]; then
	occupied="$(mongosh --quiet --norc --nodb --file /usr/local/share/amanat/occupied-collections.js)"
	if [[ -n "$occupied" ]]; then
		echo "restore: the database $db is not empty (documents in: $occupied); nothing was restored." >&2
		echo "restore: restore into an empty database, or run with --drop to replace what is there." >&2
		exit 1
	fi
fi

# Only the app database's namespaces; indexes come back from the archive.
mongorestore --config="$config" --archive --gzip --nsInclude="$db.*" --stopOnError $drop
echo "restore: done. Run the admin CLI's audit:verify, then start the app (its prepare() re-creates missing indexes)." >&2
