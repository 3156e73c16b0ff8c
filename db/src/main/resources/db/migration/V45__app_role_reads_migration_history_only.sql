-- The application role runs the platform, not its migrations (those run as the owner): it may read which migrations
-- ran, never change that record. V1 granted it every table of the schema, flyway_schema_history included.
revoke insert, update, delete, truncate on flyway_schema_history from ${app_role};
