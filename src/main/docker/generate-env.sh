#!/bin/sh
# Writes .env for docker compose with fresh random secrets: the MongoDB root user, LeadGrade's own MongoDB user and
# the replica set's key file. Run it once from the repository's top folder. It never overwrites an existing .env:
# the passwords are set in the MongoDB volume on its first start, and new ones would not match it.
set -eu
if [ -e .env ]; then
  echo ".env exists already; to start over: docker compose down -v && rm .env" >&2
  exit 1
fi
umask 077
secret() { openssl rand -hex 24; }
cat > .env <<END
MONGO_ROOT_USERNAME=root
MONGO_ROOT_PASSWORD=$(secret)
LEADGRADE_DB_USER=leadgrade
LEADGRADE_DB_PASSWORD=$(secret)
MONGO_REPLICA_KEY=$(openssl rand -base64 96 | tr -d '\n')
END
echo "wrote .env (readable by you only)"
