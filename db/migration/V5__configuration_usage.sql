-- Daily usage per workload and configuration (provider, region, instance type, purchase option, GPU
-- model, batch size, precision): what the cost model prices, and the operating points the
-- recommenders fit (throughput, memory and latency at each batch size and precision). Kept for years like the other rollups, so costs can be
-- recomputed when prices change long after the raw samples expired. An unknown dimension is '' (0
-- for the batch size).
-- For utilization, each resource keeps three weights: busy (Σ w·u where u is known), measured
-- (Σ w where u is known) and total (Σ w), so unmeasured usage is never mistaken for idle.
CREATE TABLE configuration_usage (
    tenant_id                  uuid             NOT NULL,
    workload_id                uuid             NOT NULL,
    day                        date             NOT NULL,
    provider                   text             NOT NULL,
    region                     text             NOT NULL,
    instance_type              text             NOT NULL,
    purchase_option            text             NOT NULL,
    gpu_model                  text             NOT NULL,
    batch_size                 integer          NOT NULL,
    precision                  text             NOT NULL,
    sample_count               bigint           NOT NULL,
    node_hours                 double precision NOT NULL,
    gpu_hours                  double precision NOT NULL,
    gpu_missing_node_hours     double precision NOT NULL,
    gpu_busy                   double precision NOT NULL,
    gpu_measured               double precision NOT NULL,
    gpu_total                  double precision NOT NULL,
    vcpu_hours                 double precision NOT NULL,
    vcpu_missing_node_hours    double precision NOT NULL,
    cpu_busy                   double precision NOT NULL,
    cpu_measured               double precision NOT NULL,
    cpu_total                  double precision NOT NULL,
    memory_gib_hours           double precision NOT NULL,
    memory_missing_node_hours  double precision NOT NULL,
    memory_busy                double precision NOT NULL,
    memory_measured            double precision NOT NULL,
    storage_gib_hours          double precision NOT NULL,
    net_egress_gib             double precision NOT NULL,
    gpu_idle_hours             double precision NOT NULL,
    gpu_memory_used_gib_max    double precision,
    gpu_memory_total_gib_max   double precision,
    work_units                 double precision NOT NULL,
    throughput_seconds         double precision NOT NULL,
    work_unit                  text,
    latency_p95_ms_sum         double precision NOT NULL,
    latency_count              bigint           NOT NULL,
    latency_p95_ms_max         double precision,
    oom_events                 bigint           NOT NULL,
    PRIMARY KEY (tenant_id, workload_id, day, provider, region, instance_type, purchase_option, gpu_model,
                 batch_size, precision)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON configuration_usage TO costwise_app;
ALTER TABLE configuration_usage ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON configuration_usage
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
