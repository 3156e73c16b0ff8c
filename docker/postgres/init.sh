#!/bin/bash
# First start of the compose PostgreSQL: the schema owner (migrations) and the application role, which owns
# nothing and cannot bypass row-level security, with the passwords of docker/.env. ./cirrus does the same on a
# local PostgreSQL for the demo.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$CIRRUS_OWNER_DB_PASSWORD" -v app_password="$CIRRUS_APP_DB_PASSWORD" <<'SQL'
CREATE ROLE cirrus LOGIN PASSWORD :'owner_password';
CREATE ROLE cirrus_app LOGIN PASSWORD :'app_password' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
CREATE DATABASE cirrus OWNER cirrus;
\connect cirrus
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
