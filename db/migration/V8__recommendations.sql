-- What to change on a workload, what it saves per month, how sure we are and why; and afterwards
-- whether it really saved that much. One live recommendation per workload and type: a new run updates
-- it in place rather than adding a duplicate.
CREATE TABLE recommendations (
    tenant_id                 uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                        uuid        NOT NULL,
    workload_id               uuid        NOT NULL,
    type                      text        NOT NULL,
    status                    text        NOT NULL CHECK (status IN ('OPEN', 'ACCEPTED', 'DISMISSED', 'APPLIED',
                                                                   'VERIFIED', 'NOT_REALIZED', 'EXPIRED')),
    title                     text        NOT NULL,
    rationale                 text        NOT NULL,
    risks                     text[]      NOT NULL,
    assumptions               text[]      NOT NULL,
    current_configuration     jsonb       NOT NULL,
    proposed_configuration    jsonb       NOT NULL,
    evidence                  jsonb       NOT NULL,
    confidence                text        NOT NULL CHECK (confidence IN ('HIGH', 'MEDIUM', 'LOW')),
    confidence_detail         jsonb       NOT NULL,
    speedup                   double precision,
    current_monthly_cost      numeric     NOT NULL,
    predicted_monthly_cost    numeric     NOT NULL,
    monthly_savings           numeric     NOT NULL,
    evidence_from             date        NOT NULL,
    evidence_to               date        NOT NULL,
    created_at                timestamptz NOT NULL,
    updated_at                timestamptz NOT NULL,
    applied_at                timestamptz,
    baseline_unit_cost        numeric,
    baseline_unit             text,
    realized_unit_cost        numeric,
    realized_monthly_savings  numeric,
    verified_at               timestamptz,
    PRIMARY KEY (tenant_id, id)
);
-- At most one live recommendation per workload and type; finished ones stay as history.
CREATE UNIQUE INDEX recommendations_live_idx ON recommendations (tenant_id, workload_id, type)
    WHERE status IN ('OPEN', 'ACCEPTED');
CREATE INDEX recommendations_savings_idx ON recommendations (tenant_id, monthly_savings DESC, id);

CREATE TABLE recommendation_events (
    tenant_id          uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    recommendation_id  uuid        NOT NULL,
    at                 timestamptz NOT NULL,
    status             text        NOT NULL,
    reason             text        CHECK (length(reason) <= 1000),
    actor              text        NOT NULL,
    PRIMARY KEY (tenant_id, recommendation_id, at, status)
);

-- Workloads whose recommendations are due, written in the transaction that stored their samples;
-- due_at debounces a stream of batches into one run.
CREATE TABLE recommendation_pending (
    tenant_id    uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    workload_id  uuid        NOT NULL,
    due_at       timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, workload_id)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON recommendations, recommendation_events, recommendation_pending TO costwise_app;
ALTER TABLE recommendations ENABLE ROW LEVEL SECURITY;
ALTER TABLE recommendation_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE recommendation_pending ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON recommendations
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
CREATE POLICY tenant_isolation ON recommendation_events
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
CREATE POLICY tenant_isolation ON recommendation_pending
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));

-- The scheduler learns which tenants have due work, and which have live recommendations to refresh or
-- expire, without seeing anything else of theirs.
CREATE FUNCTION tenants_with_due_recommendations(now_ts timestamptz) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT DISTINCT tenant_id FROM recommendation_pending WHERE due_at <= now_ts
$$;
CREATE FUNCTION tenants_with_live_recommendations() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT DISTINCT tenant_id FROM recommendations WHERE status IN ('OPEN', 'ACCEPTED', 'APPLIED')
$$;
REVOKE ALL ON FUNCTION tenants_with_due_recommendations(timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION tenants_with_live_recommendations() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenants_with_due_recommendations(timestamptz) TO costwise_app;
GRANT EXECUTE ON FUNCTION tenants_with_live_recommendations() TO costwise_app;
