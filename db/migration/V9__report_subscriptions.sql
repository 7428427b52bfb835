-- Scheduled e-mail reports. next_run_at is the next due time in UTC, derived from the cadence in the
-- subscription's own time zone.
CREATE TABLE report_subscriptions (
    tenant_id      uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id             uuid        NOT NULL,
    name           text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    recipients     text[]      NOT NULL,
    cadence        text        NOT NULL CHECK (cadence IN ('DAILY', 'WEEKLY', 'MONTHLY')),
    day_of_week    text,
    day_of_month   integer     CHECK (day_of_month BETWEEN 1 AND 28),
    time_of_day    time        NOT NULL,
    time_zone      text        NOT NULL,
    team           text,
    project        text,
    content        text[]      NOT NULL,
    created_by     text        NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    next_run_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX report_subscriptions_due_idx ON report_subscriptions (next_run_at);

-- One row per subscription and due time: the unique key is what makes a report go out once, whatever
-- the number of instances or restarts. Failed sends are retried with backoff until max attempts.
CREATE TABLE report_deliveries (
    tenant_id        uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id               uuid        NOT NULL,
    subscription_id  uuid        NOT NULL,
    due_at           timestamptz NOT NULL,
    period_from      date        NOT NULL,
    period_to        date        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('PENDING', 'SENT', 'RETRYING', 'FAILED')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    last_error       text,
    sent_at          timestamptz,
    recipients       text[]      NOT NULL DEFAULT '{}',
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, subscription_id, due_at)
);
CREATE INDEX report_deliveries_due_idx ON report_deliveries (next_attempt_at) WHERE status IN ('PENDING', 'RETRYING');

-- Recipients who unsubscribed through the link in a report.
CREATE TABLE report_unsubscribes (
    tenant_id        uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    subscription_id  uuid        NOT NULL,
    email            text        NOT NULL,
    at               timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, subscription_id, email)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON report_subscriptions, report_deliveries, report_unsubscribes TO costwise_app;
ALTER TABLE report_subscriptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE report_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE report_unsubscribes ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON report_subscriptions
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
CREATE POLICY tenant_isolation ON report_deliveries
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
CREATE POLICY tenant_isolation ON report_unsubscribes
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));

CREATE FUNCTION tenants_with_due_reports(now_ts timestamptz) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT tenant_id FROM report_subscriptions WHERE next_run_at <= now_ts
    UNION
    SELECT tenant_id FROM report_deliveries WHERE status IN ('PENDING', 'RETRYING') AND next_attempt_at <= now_ts
$$;
REVOKE ALL ON FUNCTION tenants_with_due_reports(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenants_with_due_reports(timestamptz) TO costwise_app;
