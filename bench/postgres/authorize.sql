\set n random(1, :connections)
BEGIN;
SELECT id, url, event_types, company_tags FROM webhook_consumers WHERE tenant_id = '00000000-0000-7000-8000-000000000001' AND NOT disabled;
SELECT 1 FROM connections WHERE id = (SELECT id FROM bench_connections WHERE n = :n) AND tenant_id = '00000000-0000-7000-8000-000000000001' FOR UPDATE;
UPDATE connections SET status = 'Linked', credentials = '\x0102030405060708090a0b0c0d0e0f10111213141516171819', credential_key_id = 'k1', authorization_keys = '[]', authorized = now(), modified = now(), version = version + 1 WHERE id = (SELECT id FROM bench_connections WHERE n = :n) AND company_id = (SELECT company_id FROM bench_connections WHERE n = :n) AND tenant_id = '00000000-0000-7000-8000-000000000001' RETURNING id, status, version;
SELECT c.id, c.name FROM companies c WHERE c.id = (SELECT company_id FROM bench_connections WHERE n = :n);
WITH e AS (INSERT INTO webhook_events (id, tenant_id, event_type, body, generated)
           VALUES (gen_random_uuid(), '00000000-0000-7000-8000-000000000001', 'connection.connected', repeat('x', 900), now()) RETURNING id, seq)
INSERT INTO webhook_deliveries (id, tenant_id, consumer_id, event_id, event_seq, event_type, order_key, status, attempts, next_attempt, created, head)
    SELECT gen_random_uuid(), '00000000-0000-7000-8000-000000000001', (SELECT id FROM webhook_consumers LIMIT 1), e.id, e.seq, 'connection.connected', :n::text, 'Pending', 0, now(), now(),
        NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.consumer_id = (SELECT id FROM webhook_consumers LIMIT 1) AND p.order_key = :n::text
                    AND p.status = 'Pending' AND p.event_seq < e.seq FOR SHARE SKIP LOCKED) FROM e;
COMMIT;
