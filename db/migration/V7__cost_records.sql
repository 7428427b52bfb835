-- Daily cost per workload and configuration, priced from configuration_usage with the tenant's prices
-- of that day. Per resource: the quantity in its pricing unit, the catalog (list) and contracted unit
-- prices, the billed cost, the utilized part of it (Σ C·T·u, unmeasured usage counted as used) and
-- the share of the usage whose utilization was measured. Money is numeric, never rounded here.
-- gpu_model is as the samples named it; catalog_gpu_model is the catalog's name for it, for grouping.
CREATE TABLE cost_records (
    tenant_id                 uuid             NOT NULL,
    day                       date             NOT NULL,
    workload_id               uuid             NOT NULL,
    provider                  text             NOT NULL,
    region                    text             NOT NULL,
    instance_type             text             NOT NULL,
    purchase_option           text             NOT NULL,
    gpu_model                 text             NOT NULL,
    catalog_gpu_model         text             NOT NULL,
    currency                  text             NOT NULL DEFAULT 'USD',
    basis                     text             NOT NULL CHECK (basis IN ('INSTANCE', 'REFERENCE')),
    list_instance_hourly_usd  numeric,
    instance_hourly_usd       numeric,
    discount_percent          numeric,
    override_ids              uuid[]           NOT NULL,
    notes                     text[]           NOT NULL,
    node_hours                double precision NOT NULL,
    work_units                double precision NOT NULL,
    work_unit                 text,
    billed_cost               numeric          NOT NULL,
    list_cost                 numeric          NOT NULL,
    utilized_cost             numeric          NOT NULL,
    machine_cost              numeric          NOT NULL,
    measured_cost             numeric          NOT NULL,
    cpu_quantity              numeric NOT NULL, cpu_list_unit_price numeric NOT NULL, cpu_unit_price numeric NOT NULL,
    cpu_cost                  numeric NOT NULL, cpu_utilized_cost numeric NOT NULL, cpu_measured_share double precision NOT NULL,
    memory_quantity           numeric NOT NULL, memory_list_unit_price numeric NOT NULL, memory_unit_price numeric NOT NULL,
    memory_cost               numeric NOT NULL, memory_utilized_cost numeric NOT NULL, memory_measured_share double precision NOT NULL,
    gpu_quantity              numeric NOT NULL, gpu_list_unit_price numeric NOT NULL, gpu_unit_price numeric NOT NULL,
    gpu_cost                  numeric NOT NULL, gpu_utilized_cost numeric NOT NULL, gpu_measured_share double precision NOT NULL,
    network_quantity          numeric NOT NULL, network_list_unit_price numeric NOT NULL, network_unit_price numeric NOT NULL,
    network_cost              numeric NOT NULL, network_utilized_cost numeric NOT NULL, network_measured_share double precision NOT NULL,
    storage_quantity          numeric NOT NULL, storage_list_unit_price numeric NOT NULL, storage_unit_price numeric NOT NULL,
    storage_cost              numeric NOT NULL, storage_utilized_cost numeric NOT NULL, storage_measured_share double precision NOT NULL,
    computed_at               timestamptz      NOT NULL,
    PRIMARY KEY (tenant_id, day, workload_id, provider, region, instance_type, purchase_option, gpu_model)
);
CREATE INDEX cost_records_workload_idx ON cost_records (tenant_id, workload_id, day);

-- Work for the recomputation: workload-days with new usage, and tenants whose prices changed from a
-- day on. Written in the transaction that causes the work, so none is lost; claimed with SKIP LOCKED,
-- so any number of instances share it.
CREATE TABLE cost_pending_days (
    tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    workload_id  uuid NOT NULL,
    day          date NOT NULL,
    PRIMARY KEY (tenant_id, workload_id, day)
);

CREATE TABLE cost_repricing (
    tenant_id  uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    from_day   date NOT NULL
);

GRANT SELECT, INSERT, UPDATE, DELETE ON cost_records, cost_pending_days, cost_repricing TO costwise_app;
ALTER TABLE cost_records ENABLE ROW LEVEL SECURITY;
ALTER TABLE cost_pending_days ENABLE ROW LEVEL SECURITY;
ALTER TABLE cost_repricing ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON cost_records
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
CREATE POLICY tenant_isolation ON cost_pending_days
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
CREATE POLICY tenant_isolation ON cost_repricing
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));

-- The worker learns which tenants have work without seeing anything else of theirs.
CREATE FUNCTION tenants_with_cost_work() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT tenant_id FROM cost_repricing UNION SELECT DISTINCT tenant_id FROM cost_pending_days
$$;
REVOKE ALL ON FUNCTION tenants_with_cost_work() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenants_with_cost_work() TO costwise_app;
