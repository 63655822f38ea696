-- :connections Linked OAuth connections in :companies companies, their access tokens expiring evenly over the next
-- 30 minutes (as 30-minute tokens refreshed in a steady state are), for the refresher simulation.
INSERT INTO tenants (id, name, created) VALUES ('00000000-0000-7000-8000-000000000002', 'refresh', now());
CREATE TABLE sim_companies (n integer PRIMARY KEY, id uuid NOT NULL);
INSERT INTO sim_companies SELECT n, gen_random_uuid() FROM generate_series(1, :companies) n;
INSERT INTO companies (id, tenant_id, name, created, modified, version)
    SELECT id, '00000000-0000-7000-8000-000000000002', 'Company ' || n, now(), now(), 1 FROM sim_companies;
INSERT INTO connections (id, tenant_id, company_id, integration_key, integration_id, source_id, source_type, platform_name, status,
                         created, modified, version, credentials, credential_key_id, authorization_keys, errors, token_expires)
    SELECT gen_random_uuid(), '00000000-0000-7000-8000-000000000002', c.id, 'gbol', gen_random_uuid(), gen_random_uuid(), 'Accounting', 'Xero',
           'Linked', now(), now(), 1, decode(repeat('ab', 120), 'hex'), 'k1', '["accessToken","refreshToken"]', '[]',
           now() + (k * interval '1800 seconds') / :connections
    FROM generate_series(1, :connections) k JOIN sim_companies c ON c.n = 1 + (k % :companies);
ANALYZE;
