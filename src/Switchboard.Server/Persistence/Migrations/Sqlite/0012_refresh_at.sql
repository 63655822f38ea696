-- When the refresher next refreshes a connection's token set: its expiry less Switchboard:Tokens:RefreshBefore, less a
-- random part of Switchboard:Tokens:RefreshJitter, set whenever a token set is stored, so tokens issued together come
-- due spread out. The refresher's look-up is a range on this index; none reads the expiry's index any more. Token sets
-- held before this migration are due at the default RefreshBefore (5 minutes, in ticks) ahead; their next refresh sets their own.
ALTER TABLE connections ADD COLUMN refresh_at INTEGER;
UPDATE connections SET refresh_at = token_expires - 3000000000 WHERE token_expires IS NOT NULL;
CREATE INDEX ix_connections_refresh_at ON connections (refresh_at) WHERE refresh_at IS NOT NULL;
DROP INDEX ix_connections_token_expires;
