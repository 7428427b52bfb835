-- The tenant setting is read once per statement (an InitPlan) instead of once per row: the same wall,
-- without a per-row function call on the ingestion hot path and in large scans.
ALTER POLICY tenant_isolation ON invitations
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
ALTER POLICY tenant_isolation ON api_keys
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
ALTER POLICY tenant_isolation ON memberships
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
ALTER POLICY own_memberships ON memberships
    USING (user_id = (SELECT nullif(current_setting('app.user_id', true), '')::uuid));
ALTER POLICY tenant_isolation ON tenants
    USING (id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
ALTER POLICY own_tenants ON tenants
    USING (id IN (SELECT tenant_id FROM memberships
                  WHERE user_id = (SELECT nullif(current_setting('app.user_id', true), '')::uuid)));
ALTER POLICY tenant_isolation ON workloads
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
ALTER POLICY tenant_isolation ON samples
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
ALTER POLICY tenant_isolation ON usage_rollups
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
ALTER POLICY tenant_isolation ON ingest_batches
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
ALTER POLICY tenant_isolation ON ingest_allowance
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
