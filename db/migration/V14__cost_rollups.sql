-- Sums of the cost records that GET /api/v1/costs adds up, so that a year of a large fleet is a few
-- thousand rows to read instead of half a million (bench/README.md, "Cost queries"):
--   cost_records_monthly: per month, workload and priced configuration (groupings and filters by a
--     workload attribute, with no step or a monthly one);
--   cost_records_daily: per day and priced configuration, without the workload (everything else).
-- Kept by the costing module in the transaction that writes the cost records they sum (CostRecords),
-- so they are never ahead of or behind them. The same sums as the report: the five money sums
-- (numeric, exact), the work units, and what the report needs to know about their unit (the least and
-- the greatest unit name, and whether any work was recorded without one).
CREATE TABLE cost_records_monthly (
    tenant_id          uuid             NOT NULL,
    month              date             NOT NULL CHECK (extract(day FROM month) = 1),
    workload_id        uuid             NOT NULL,
    provider           text             NOT NULL,
    region             text             NOT NULL,
    instance_type      text             NOT NULL,
    purchase_option    text             NOT NULL,
    catalog_gpu_model  text             NOT NULL,
    billed_cost        numeric          NOT NULL,
    list_cost          numeric          NOT NULL,
    utilized_cost      numeric          NOT NULL,
    machine_cost       numeric          NOT NULL,
    measured_cost      numeric          NOT NULL,
    work_units         double precision NOT NULL,
    min_work_unit      text,
    max_work_unit      text,
    unlabelled_work    boolean          NOT NULL,
    PRIMARY KEY (tenant_id, month, workload_id, provider, region, instance_type, purchase_option, catalog_gpu_model)
);
CREATE INDEX cost_records_monthly_workload_idx ON cost_records_monthly (tenant_id, workload_id, month);

CREATE TABLE cost_records_daily (
    tenant_id          uuid             NOT NULL,
    day                date             NOT NULL,
    provider           text             NOT NULL,
    region             text             NOT NULL,
    instance_type      text             NOT NULL,
    purchase_option    text             NOT NULL,
    catalog_gpu_model  text             NOT NULL,
    billed_cost        numeric          NOT NULL,
    list_cost          numeric          NOT NULL,
    utilized_cost      numeric          NOT NULL,
    machine_cost       numeric          NOT NULL,
    measured_cost      numeric          NOT NULL,
    work_units         double precision NOT NULL,
    min_work_unit      text,
    max_work_unit      text,
    unlabelled_work    boolean          NOT NULL,
    PRIMARY KEY (tenant_id, day, provider, region, instance_type, purchase_option, catalog_gpu_model)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON cost_records_monthly, cost_records_daily TO costwise_app;
ALTER TABLE cost_records_monthly ENABLE ROW LEVEL SECURITY;
ALTER TABLE cost_records_daily ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON cost_records_monthly
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
CREATE POLICY tenant_isolation ON cost_records_daily
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));

-- The cost records already stored.
INSERT INTO cost_records_monthly (tenant_id, month, workload_id, provider, region, instance_type, purchase_option,
        catalog_gpu_model, billed_cost, list_cost, utilized_cost, machine_cost, measured_cost, work_units,
        min_work_unit, max_work_unit, unlabelled_work)
SELECT tenant_id, date_trunc('month', day)::date, workload_id, provider, region, instance_type, purchase_option,
       catalog_gpu_model, sum(billed_cost), sum(list_cost), sum(utilized_cost), sum(machine_cost), sum(measured_cost),
       sum(work_units), min(work_unit), max(work_unit), bool_or(work_units > 0 AND work_unit IS NULL)
FROM cost_records
GROUP BY tenant_id, date_trunc('month', day)::date, workload_id, provider, region, instance_type, purchase_option,
         catalog_gpu_model;

INSERT INTO cost_records_daily (tenant_id, day, provider, region, instance_type, purchase_option, catalog_gpu_model,
        billed_cost, list_cost, utilized_cost, machine_cost, measured_cost, work_units, min_work_unit, max_work_unit,
        unlabelled_work)
SELECT tenant_id, day, provider, region, instance_type, purchase_option, catalog_gpu_model, sum(billed_cost),
       sum(list_cost), sum(utilized_cost), sum(machine_cost), sum(measured_cost), sum(work_units), min(work_unit),
       max(work_unit), bool_or(work_units > 0 AND work_unit IS NULL)
FROM cost_records
GROUP BY tenant_id, day, provider, region, instance_type, purchase_option, catalog_gpu_model;
