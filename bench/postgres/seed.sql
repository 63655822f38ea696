-- One tenant with :companies companies of 10 connections each, half of them Linked, and one webhook consumer that
-- wants every event (each change then writes its event and one delivery, the outbox's full cost). bench_* tables
-- map a number to an id, so pgbench scripts can pick rows at random.
INSERT INTO tenants (id, name, created) VALUES ('00000000-0000-7000-8000-000000000001', 'bench', now());
CREATE TABLE bench_companies (n integer PRIMARY KEY, id uuid NOT NULL);
INSERT INTO bench_companies SELECT n, gen_random_uuid() FROM generate_series(1, :companies) n;
INSERT INTO companies (id, tenant_id, name, created, modified, version)
    SELECT id, '00000000-0000-7000-8000-000000000001', 'Company ' || n, now(), now(), 1 FROM bench_companies;
CREATE TABLE bench_connections (n integer PRIMARY KEY, id uuid NOT NULL, company_id uuid NOT NULL);
INSERT INTO bench_connections SELECT (c.n - 1) * 10 + k, gen_random_uuid(), c.id FROM bench_companies c, generate_series(1, 10) k;
INSERT INTO connections (id, tenant_id, company_id, integration_key, integration_id, source_id, source_type, platform_name, status,
                         created, modified, version, authorization_keys, errors)
    SELECT id, '00000000-0000-7000-8000-000000000001', company_id, 'mqjo', gen_random_uuid(), gen_random_uuid(), 'Accounting', 'Sandbox',
           CASE WHEN n % 2 = 0 THEN 'Linked' ELSE 'PendingAuth' END, now(), now(), 1, '[]', '[]'
    FROM bench_connections;
INSERT INTO webhook_consumers (id, tenant_id, url, disabled, event_types, company_tags, secret_key_id, secret, created)
    VALUES (gen_random_uuid(), '00000000-0000-7000-8000-000000000001', 'https://receiver.example/hooks', false, '[]', '[]', 'k1', '\x00', now());
ANALYZE;
