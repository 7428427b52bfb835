-- A tenant's negotiated prices, each effective from a day. Rows are only ever added: the price in
-- force on a day is the latest row (by effective day, then by when it was set) at or before it, so
-- every past cost stays explainable by the price that produced it.
CREATE TABLE price_overrides (
    tenant_id        uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id               uuid        NOT NULL,
    kind             text        NOT NULL CHECK (kind IN ('DISCOUNT', 'INSTANCE_PRICE', 'GPU_HOUR_PRICE')),
    provider         text        NOT NULL DEFAULT '',
    region           text        NOT NULL DEFAULT '',
    instance_type    text        NOT NULL DEFAULT '',
    purchase_option  text        NOT NULL DEFAULT '',
    gpu_model        text        NOT NULL DEFAULT '',
    discount_percent numeric     CHECK (discount_percent >= 0 AND discount_percent < 100),
    hourly_price_usd numeric     CHECK (hourly_price_usd >= 0),
    effective_from   date        NOT NULL,
    note             text        CHECK (length(note) <= 500),
    set_at           timestamptz NOT NULL,
    set_by           text        NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CHECK ((kind = 'DISCOUNT') = (discount_percent IS NOT NULL)),
    CHECK ((kind <> 'DISCOUNT') = (hourly_price_usd IS NOT NULL))
);
CREATE INDEX price_overrides_scope_idx ON price_overrides (tenant_id, kind, effective_from);

GRANT SELECT, INSERT ON price_overrides TO costwise_app;
ALTER TABLE price_overrides ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON price_overrides
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
