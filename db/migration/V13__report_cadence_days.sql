-- A report's day belongs to its cadence: a weekday for a weekly report, a day of the month for a
-- monthly one, neither for a daily one. Changing the cadence used to leave the old day behind; drop
-- such leftovers, then keep it so.
UPDATE report_subscriptions SET day_of_week = NULL WHERE cadence <> 'WEEKLY' AND day_of_week IS NOT NULL;
UPDATE report_subscriptions SET day_of_month = NULL WHERE cadence <> 'MONTHLY' AND day_of_month IS NOT NULL;
ALTER TABLE report_subscriptions
    ADD CONSTRAINT report_subscriptions_day_of_week_cadence CHECK ((cadence = 'WEEKLY') = (day_of_week IS NOT NULL)),
    ADD CONSTRAINT report_subscriptions_day_of_month_cadence CHECK ((cadence = 'MONTHLY') = (day_of_month IS NOT NULL));
