-- A report can also be scoped to the workloads holding one label (name:value).
ALTER TABLE report_subscriptions ADD COLUMN label text;
