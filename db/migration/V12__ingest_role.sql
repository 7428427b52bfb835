-- A narrowly privileged role for the one statement on the ingestion hot path that row-level security
-- cannot serve: COPY FROM, which PostgreSQL refuses wherever RLS applies. costwise_ingest may do
-- exactly one thing, INSERT into samples (no SELECT, UPDATE or DELETE, nothing on any other table),
-- and is exempt from RLS (BYPASSRLS) so that COPY can write straight into the partitioned table.
-- SampleWriter switches to it transaction-locally (set_config('role', ..., true)) only around that
-- COPY, only after checking that app.tenant_id is the tenant it stamps on every row itself, and
-- switches back to costwise_app right after; a rollback to the savepoint around the COPY also
-- restores the role. Everything else, reads included, stays behind RLS as costwise_app.
--
-- BYPASSRLS can only be granted by a superuser. When the migrating owner is not one, the role is
-- created without it and the application keeps to the staging-table path (it checks rolbypassrls).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'costwise_ingest') THEN
        BEGIN
            CREATE ROLE costwise_ingest NOLOGIN NOSUPERUSER BYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
        EXCEPTION WHEN insufficient_privilege THEN
            CREATE ROLE costwise_ingest NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
        END;
    END IF;
END
$$;

-- The owner (the application's login) must be a member to switch to it; costwise_app is not one.
GRANT costwise_ingest TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO costwise_ingest;
GRANT INSERT ON samples TO costwise_ingest;
