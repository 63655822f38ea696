\set owner random(1, 1000000000)
\set r random(0, 2000)
BEGIN;
WITH c AS (
    UPDATE connections SET refresh_lease = now() + interval '45 seconds', refresh_owner = :owner::text
    WHERE id = (SELECT id FROM connections WHERE token_expires IS NOT NULL AND token_expires <= now() + interval '5 minutes'
                AND (refresh_lease IS NULL OR refresh_lease <= now()) ORDER BY token_expires OFFSET :r LIMIT 1)
    AND status = 'Linked' RETURNING id)
SELECT coalesce((SELECT id FROM c), '00000000-0000-0000-0000-000000000000'::uuid) AS claimed \gset
COMMIT;
UPDATE connections SET credentials = decode(repeat('cd', 120), 'hex'), credential_key_id = 'k1', token_expires = now() + interval '30 minutes',
    refresh_lease = NULL, refresh_owner = NULL, refresh_failures = 0 WHERE id = :claimed::uuid AND refresh_owner = :owner::text;
