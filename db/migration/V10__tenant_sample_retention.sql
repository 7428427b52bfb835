-- Where tenants keep raw samples for different periods, partitions are dropped only past the longest;
-- rows of tenants with a shorter period are deleted before that (rollups stay). With listed_only the
-- rows of the listed tenants go, otherwise those of every tenant but them. Runs with the owner's
-- rights because maintenance works across tenants.
CREATE FUNCTION delete_samples_before(cutoff timestamptz, tenants uuid[], listed_only boolean) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    deleted bigint;
BEGIN
    IF listed_only THEN
        DELETE FROM samples WHERE ts < cutoff AND tenant_id = ANY (tenants);
    ELSE
        DELETE FROM samples WHERE ts < cutoff AND NOT (tenant_id = ANY (tenants));
    END IF;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    RETURN deleted;
END
$$;
REVOKE ALL ON FUNCTION delete_samples_before(timestamptz, uuid[], boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION delete_samples_before(timestamptz, uuid[], boolean) TO costwise_app;
