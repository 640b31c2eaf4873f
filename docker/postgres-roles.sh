#!/bin/sh
# Runs once, when the postgres container initialises an empty data directory
# (docker-entrypoint-initdb.d). Two roles besides the container's superuser:
#   netiquette_owner  owns the database, its schema and (through migrate) every table;
#   netiquette_app    what web, worker and beat connect as: owns nothing; after each migrate
#                     `manage.py db_grant_app_role netiquette_app` grants it the least it needs.
# Owning no table, the app's role cannot disable the audit log's triggers; not a superuser,
# it cannot set session_replication_role. See docs/production.md.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner_password="$NETIQUETTE_OWNER_PASSWORD" -v app_password="$NETIQUETTE_APP_PASSWORD" \
  -v database="$POSTGRES_DB" <<'SQL'
CREATE ROLE netiquette_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE netiquette_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
ALTER DATABASE :"database" OWNER TO netiquette_owner;
ALTER SCHEMA public OWNER TO netiquette_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT CONNECT ON DATABASE :"database" TO netiquette_app;
SQL
