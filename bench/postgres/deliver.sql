\set token random(1, 1000000000)
BEGIN;
UPDATE webhook_deliveries SET claimed_until = now() + interval '30 seconds', claim_token = :token::text WHERE id IN (
    SELECT d.id FROM webhook_deliveries d JOIN webhook_consumers c ON c.id = d.consumer_id
    WHERE d.head AND d.status = 'Pending' AND d.next_attempt <= now() AND (d.claimed_until IS NULL OR d.claimed_until < now()) AND NOT c.disabled
      AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.consumer_id = d.consumer_id AND p.order_key = d.order_key
                      AND p.status = 'Pending' AND p.event_seq < d.event_seq)
    ORDER BY d.event_seq LIMIT 10 FOR UPDATE OF d SKIP LOCKED);
SELECT d.id, e.body, c.url, c.secret FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
    JOIN webhook_consumers c ON c.id = d.consumer_id WHERE d.claim_token = :token::text ORDER BY d.event_seq;
COMMIT;
-- The recorder's transaction: each finished delivery's queue gets its next pending delivery as its head.
BEGIN;
UPDATE webhook_deliveries SET head = TRUE WHERE NOT head AND id IN (
    SELECT (SELECT p.id FROM webhook_deliveries p WHERE p.consumer_id = d.consumer_id AND p.order_key = d.order_key AND p.status = 'Pending'
            AND p.claim_token IS DISTINCT FROM :token::text ORDER BY p.event_seq LIMIT 1)
    FROM webhook_deliveries d WHERE d.claim_token = :token::text);
UPDATE webhook_deliveries SET status = 'Succeeded', attempts = attempts + 1, next_attempt = NULL, last_attempt = now(), status_code = 200,
    duration_ms = 3, completed = now(), claimed_until = NULL, claim_token = NULL WHERE claim_token = :token::text;
COMMIT;
