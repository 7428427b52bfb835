-- The hourly and daily rollups and the configuration ledger are counters: every batch adds to rows that
-- already exist (a day's row once per batch of that workload and day). With full pages an update has
-- to go to another page, and every such version adds an entry to the primary-key index that only
-- vacuum removes. Room left on each page lets the update stay on its page as a heap-only tuple (HOT):
-- no index entry, and the old version is pruned on the page the next time it is read.
-- Applies to pages written from now on (existing pages keep their layout until they are rewritten).
ALTER TABLE usage_rollups SET (fillfactor = 70);
ALTER TABLE configuration_usage SET (fillfactor = 70);
