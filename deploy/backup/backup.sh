#!/bin/bash
# Scheduled backups (compose service `backup`): mongodump of the app database, read from a
# secondary, gzip'd, piped straight into `gpg --encrypt` to the organisation public key. The
# archive never touches disk unencrypted; only the offline organisation secret key opens it.
# Keeps the newest BACKUP_KEEP files. `amanat-backup --once` makes one backup and exits.
set -Eeuo pipefail
umask 077

: "${ORG_FINGERPRINT:?set ORG_FINGERPRINT (the organisation key fingerprint)}"
: "${BACKUP_INTERVAL_SECONDS:=86400}"
: "${BACKUP_KEEP:=14}"
: "${BACKUP_READ_PREFERENCE:=secondary}"
: "${MONGO_HOSTS:=mongo1:27017,mongo2:27017,mongo3:27017}"
: "${MONGO_REPLICA_SET:=rs0}"
: "${APP_DB:=amanat}"
: "${BACKUP_USER:=amanat_backup}"
: "${BACKUP_PASSWORD_FILE:=/run/secrets/mongo_backup_password}"
: "${ORG_PUBLIC_KEY_FILE:=/run/secrets/org_public_key}"
: "${BACKUP_DIR:=/backups}"

log() { printf '%s backup: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*"; }
fail() { log "ERROR: $*"; exit 1; }

[[ "$BACKUP_KEEP" =~ ^[1-9][0-9]*$ ]] || fail "BACKUP_KEEP must be a positive whole number"
[[ "$BACKUP_INTERVAL_SECONDS" =~ ^[1-9][0-9]*$ ]] || fail "BACKUP_INTERVAL_SECONDS must be a positive whole number"

# GnuPG state lives in memory (tmpfs /tmp) and holds nothing secret: only the public key.
GNUPGHOME="$(mktemp -d /tmp/gnupg.XXXXXX)"
export GNUPGHOME
mongodump_config=""
trap 'rm -rf -- "$GNUPGHOME" ${mongodump_config:+"$mongodump_config"}' EXIT

# Security: encrypt only to the pinned organisation key. A swapped key file must stop backups,
# not silently send them to someone else.
key_fpr="$(gpg --batch --with-colons --show-keys "$ORG_PUBLIC_KEY_FILE" 2>/dev/null |
	awk -F: '$1 == "fpr" { print tolower($10); exit }')"
want_fpr="$(printf '%s' "$ORG_FINGERPRINT" | tr 'A-F' 'a-f')"
[[ -n "$key_fpr" ]] || fail "cannot read the organisation public key ($ORG_PUBLIC_KEY_FILE)"
[[ "$key_fpr" == "$want_fpr" ]] || fail "the key in $ORG_PUBLIC_KEY_FILE is $key_fpr, not ORG_FINGERPRINT $want_fpr"
if gpg --batch --with-colons --show-keys "$ORG_PUBLIC_KEY_FILE" 2>/dev/null | grep -q '^sec'; then
	fail "$ORG_PUBLIC_KEY_FILE holds a secret key; mount only the public key (org.asc.pub)"
fi

# The connection string, with the password, goes to a 0600 file in memory for --config: never on
# the command line, where `ps` would show it.
password="$(tr -d '\r\n' < "$BACKUP_PASSWORD_FILE")"
[[ "$password" =~ ^[A-Za-z0-9._~-]+$ ]] || fail "the backup password must be URL-safe (openssl rand -hex 32)"
mongodump_config="$(mktemp /tmp/mongodump.XXXXXX.yaml)"
printf 'uri: "mongodb://%s:%s@%s/%s?replicaSet=%s&authSource=%s&readPreference=%s"\n' \
	"$BACKUP_USER" "$password" "$MONGO_HOSTS" "$APP_DB" "$MONGO_REPLICA_SET" "$APP_DB" \
	"$BACKUP_READ_PREFERENCE" > "$mongodump_config"
unset password

backup_once() {
	local stamp final partial
	stamp="$(date -u +%Y%m%dT%H%M%SZ)"
	final="$BACKUP_DIR/amanat-$stamp.archive.gz.gpg"
	partial="$final.partial"
	log "starting $final"
	# pipefail: a failing mongodump fails the backup even though gpg saw a clean end of input.
	if mongodump --config="$mongodump_config" --db="$APP_DB" --archive --gzip |
		gpg --batch --no-tty --yes --compress-algo none --trust-model always \
			--recipient-file "$ORG_PUBLIC_KEY_FILE" --encrypt --output "$partial"; then
		mv -- "$partial" "$final"
		log "done: $(sha256sum -- "$final" | cut -d' ' -f1)  $(stat -c %s -- "$final") bytes"
	else
		rm -f -- "$partial"
		log "ERROR: backup failed; the previous backups are kept"
		return 1
	fi
	# Keep the newest BACKUP_KEEP (names sort by time).
	find "$BACKUP_DIR" -maxdepth 1 -name 'amanat-*.archive.gz.gpg' -printf '%f\n' | sort -r |
		tail -n +"$((BACKUP_KEEP + 1))" | while read -r old; do
		rm -f -- "${BACKUP_DIR:?}/$old"
		log "removed $old (BACKUP_KEEP=$BACKUP_KEEP)"
	done
}

# Leftovers of a run that was killed part-way are not backups.
find "$BACKUP_DIR" -maxdepth 1 -name 'amanat-*.partial' -delete

if [[ "${1:-}" == "--once" ]]; then
	backup_once
	exit
fi
log "every ${BACKUP_INTERVAL_SECONDS}s, keeping $BACKUP_KEEP, encrypted to $key_fpr"
while true; do
	backup_once || true
	sleep "$BACKUP_INTERVAL_SECONDS" &
	wait $! # wakes for SIGTERM at once (docker stop), unlike a foreground sleep
done
