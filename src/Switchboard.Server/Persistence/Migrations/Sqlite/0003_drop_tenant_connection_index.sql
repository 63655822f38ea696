-- Databases made by pre-release builds had an index on connections led by tenant_id. Without statistics SQLite
-- chose it for company lists and walked the whole tenant (1.2 s per list at 1M rows); lists are per company and
-- ix_connections_company_created serves them.
DROP INDEX IF EXISTS ix_connections_tenant_created;
