-- First start of the compose PostgreSQL: the schema owner (migrations) and the application role, which owns
-- nothing and cannot bypass row-level security. ./cirrus does the same on a local PostgreSQL.
CREATE ROLE cirrus LOGIN PASSWORD 'cirrus';
CREATE ROLE cirrus_app LOGIN PASSWORD 'cirrus_app' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
CREATE DATABASE cirrus OWNER cirrus;
\connect cirrus
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
