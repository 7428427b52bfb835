-- Raw samples expire by dropping whole monthly partitions (cheap, no bloat) rather than deleting rows.
-- Drops every partition that ends at or before the cutoff; returns the names dropped.
CREATE FUNCTION drop_sample_partitions_before(cutoff timestamptz) RETURNS SETOF text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    partition_name text;
    month date;
BEGIN
    FOR partition_name IN
        SELECT child.relname FROM pg_inherits
        JOIN pg_class parent ON parent.oid = pg_inherits.inhparent
        JOIN pg_class child ON child.oid = pg_inherits.inhrelid
        WHERE parent.relname = 'samples' AND child.relname ~ '^samples_\d{4}_\d{2}$'
    LOOP
        month := to_date(substring(partition_name FROM 9), 'YYYY_MM');
        IF (month + interval '1 month')::timestamp AT TIME ZONE 'UTC' <= cutoff THEN
            EXECUTE format('DROP TABLE %I', partition_name);
            RETURN NEXT partition_name;
        END IF;
    END LOOP;
END
$$;
REVOKE ALL ON FUNCTION drop_sample_partitions_before(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION drop_sample_partitions_before(timestamptz) TO costwise_app;
