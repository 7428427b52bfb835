-- Workloads: one training run, inference service or batch job, known to its tenant by a client-chosen key.
CREATE TABLE workloads (
    tenant_id          uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                 uuid        NOT NULL,
    key                text        NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    kind               text        CHECK (kind IN ('TRAINING', 'INFERENCE', 'BATCH')),
    labels             jsonb       NOT NULL DEFAULT '{}'::jsonb,
    latency_slo_p95_ms double precision CHECK (latency_slo_p95_ms > 0),
    interruptible      boolean     NOT NULL DEFAULT false,
    allowed_regions    text[]      NOT NULL DEFAULT '{}',
    allowed_providers  text[]      NOT NULL DEFAULT '{}',
    first_seen_at      timestamptz NOT NULL,
    last_sample_at     timestamptz,
    updated_at         timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, key)
);
CREATE INDEX workloads_labels_idx ON workloads USING gin (labels);

-- What one workload used on one node over one window (wire format v1). Range-partitioned by month on
-- the window's end; the primary key makes a resent sample a duplicate.
CREATE TABLE samples (
    tenant_id             uuid             NOT NULL,
    workload_id           uuid             NOT NULL,
    node                  text             NOT NULL,
    ts                    timestamptz      NOT NULL,
    window_seconds        double precision NOT NULL,
    batch_id              uuid             NOT NULL,
    provider              text,
    region                text,
    instance_type         text,
    purchase_option       text,
    gpu_model             text,
    gpu_count             double precision,
    mig_profile           text,
    vcpus                 double precision,
    memory_gib            double precision,
    cpu_util              double precision,
    memory_used_gib       double precision,
    gpu_util              double precision,
    gpu_memory_used_gib   double precision,
    gpu_memory_total_gib  double precision,
    net_egress_gib        double precision,
    storage_gib           double precision,
    batch_size            integer,
    precision             text,
    throughput            double precision,
    work_unit             text,
    latency_p95_ms        double precision,
    oom_events            integer,
    PRIMARY KEY (tenant_id, workload_id, node, ts)
) PARTITION BY RANGE (ts);

-- Creates the monthly partitions covering [from, to). Runs with the owner's rights because the
-- application role owns nothing; idempotent and safe under concurrency.
CREATE FUNCTION ensure_sample_partitions(from_ts timestamptz, to_ts timestamptz) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    month date := date_trunc('month', from_ts AT TIME ZONE 'UTC')::date;
    partition_name text;
BEGIN
    WHILE month < to_ts AT TIME ZONE 'UTC' LOOP
        partition_name := format('samples_%s', to_char(month, 'YYYY_MM'));
        IF to_regclass(partition_name) IS NULL THEN
            BEGIN
                EXECUTE format('CREATE TABLE %I PARTITION OF samples FOR VALUES FROM (%L) TO (%L)',
                               partition_name, month::timestamp AT TIME ZONE 'UTC',
                               (month + interval '1 month')::timestamp AT TIME ZONE 'UTC');
            EXCEPTION WHEN duplicate_table THEN
                NULL; -- another transaction created it first
            END;
        END IF;
        month := month + interval '1 month';
    END LOOP;
END
$$;
REVOKE ALL ON FUNCTION ensure_sample_partitions(timestamptz, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ensure_sample_partitions(timestamptz, timestamptz) TO costwise_app;

-- Hourly and daily usage per workload, maintained as batches land by adding what each batch newly
-- stored (so late and out-of-order samples count), so that dashboards never scan raw samples. Every
-- column is a sum or a maximum; averages are derived as weighted sums over their weights.
CREATE TABLE usage_rollups (
    tenant_id                uuid             NOT NULL,
    workload_id              uuid             NOT NULL,
    resolution               text             NOT NULL CHECK (resolution IN ('HOUR', 'DAY')),
    bucket_start             timestamptz      NOT NULL,
    sample_count             bigint           NOT NULL,
    window_hours             double precision NOT NULL,
    gpu_hours                double precision NOT NULL,
    vcpu_hours               double precision NOT NULL,
    memory_gib_hours         double precision NOT NULL,
    storage_gib_hours        double precision NOT NULL,
    net_egress_gib           double precision NOT NULL,
    gpu_util_weighted        double precision NOT NULL,
    gpu_util_weight          double precision NOT NULL,
    gpu_util_max             double precision,
    cpu_util_weighted        double precision NOT NULL,
    cpu_util_weight          double precision NOT NULL,
    memory_used_gib_hours    double precision NOT NULL,
    memory_used_weight       double precision NOT NULL,
    memory_used_gib_max      double precision,
    gpu_memory_used_gib_max  double precision,
    work_units               double precision NOT NULL,
    throughput_seconds       double precision NOT NULL,
    latency_p95_ms_max       double precision,
    latency_p95_ms_sum       double precision NOT NULL,
    latency_count            bigint           NOT NULL,
    oom_events               bigint           NOT NULL,
    PRIMARY KEY (tenant_id, workload_id, resolution, bucket_start)
);

-- One row per Idempotency-Key: a retried batch answers the original response and is stored once.
CREATE TABLE ingest_batches (
    tenant_id        uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    idempotency_key  text        NOT NULL,
    request_hash     text        NOT NULL,
    batch_id         uuid        NOT NULL,
    response         jsonb       NOT NULL,
    created_at       timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, idempotency_key)
);

-- A token bucket per tenant for the ingest rate limit, shared by every instance.
CREATE TABLE ingest_allowance (
    tenant_id   uuid             PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    tokens      double precision NOT NULL,
    refilled_at timestamptz      NOT NULL
);

GRANT SELECT, INSERT, UPDATE, DELETE ON workloads, samples, usage_rollups, ingest_batches, ingest_allowance
TO costwise_app;

ALTER TABLE workloads ENABLE ROW LEVEL SECURITY;
ALTER TABLE samples ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_rollups ENABLE ROW LEVEL SECURITY;
ALTER TABLE ingest_batches ENABLE ROW LEVEL SECURITY;
ALTER TABLE ingest_allowance ENABLE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON workloads
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY tenant_isolation ON samples
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY tenant_isolation ON usage_rollups
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY tenant_isolation ON ingest_batches
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY tenant_isolation ON ingest_allowance
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
