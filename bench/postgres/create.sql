\set c random(1, :companies)
BEGIN;
SELECT id, url, event_types, company_tags FROM webhook_consumers WHERE tenant_id = '00000000-0000-7000-8000-000000000001' AND NOT disabled;
INSERT INTO connections (id, tenant_id, company_id, integration_key, integration_id, source_id, source_type, platform_name, status, created, modified, version, authorization_keys, errors)
    SELECT gen_random_uuid(), '00000000-0000-7000-8000-000000000001', b.id, 'mqjo', gen_random_uuid(), gen_random_uuid(), 'Accounting', 'Sandbox', 'PendingAuth', now(), now(), 1, '[]', '[]'
    FROM bench_companies b WHERE b.n = :c AND EXISTS (SELECT 1 FROM companies WHERE id = b.id AND tenant_id = '00000000-0000-7000-8000-000000000001' FOR KEY SHARE);
SELECT c.id, c.name FROM companies c JOIN bench_companies b ON b.id = c.id WHERE b.n = :c;
WITH e AS (INSERT INTO webhook_events (id, tenant_id, event_type, body, generated)
           VALUES (gen_random_uuid(), '00000000-0000-7000-8000-000000000001', 'connection.created', repeat('x', 900), now()) RETURNING id, seq)
INSERT INTO webhook_deliveries (id, tenant_id, consumer_id, event_id, event_seq, event_type, order_key, status, attempts, next_attempt, created, head)
    SELECT gen_random_uuid(), '00000000-0000-7000-8000-000000000001', (SELECT id FROM webhook_consumers LIMIT 1), e.id, e.seq, 'connection.created', :c::text, 'Pending', 0, now(), now(),
        NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.consumer_id = (SELECT id FROM webhook_consumers LIMIT 1) AND p.order_key = :c::text
                    AND p.status = 'Pending' AND p.event_seq < e.seq FOR SHARE SKIP LOCKED) FROM e;
COMMIT;
