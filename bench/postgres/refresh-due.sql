SELECT tenant_id, company_id, id FROM connections WHERE token_expires IS NOT NULL AND token_expires <= now() + interval '5 minutes'
    AND (refresh_lease IS NULL OR refresh_lease <= now()) ORDER BY token_expires LIMIT 200;
