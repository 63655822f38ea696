-- OAuth 2.0: a connection's token set lives encrypted in credentials; these columns say when its access token
-- expires (the refresher finds due connections through the partial index, never a scan), who holds the refresh
-- lease and until when (a guarded UPDATE claims it: one refresh per connection across nodes), how many refreshes
-- failed in a row (back-off), and the platform's non-secret facts for connectionInfo (a JSON object of strings).
ALTER TABLE connections ADD COLUMN token_expires INTEGER;
ALTER TABLE connections ADD COLUMN refresh_lease INTEGER;
ALTER TABLE connections ADD COLUMN refresh_owner TEXT;
ALTER TABLE connections ADD COLUMN refresh_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE connections ADD COLUMN platform_info TEXT NOT NULL DEFAULT '{}';
CREATE INDEX ix_connections_token_expires ON connections (token_expires) WHERE token_expires IS NOT NULL;

-- The state of each OAuth 2.0 authorization in progress, keyed by the SHA-256 of the state sent to the platform;
-- deleted when the callback uses it (single use) and after it expires. custom: the link URL's own query parameters
-- (a JSON object of strings), for the tenant's redirect placeholders when the platform sends the end user back.
CREATE TABLE oauth_states (
    id                 TEXT    NOT NULL PRIMARY KEY,
    tenant_id          TEXT    NOT NULL,
    company_id         TEXT    NOT NULL,
    connection_id      TEXT    NOT NULL,
    connection_version INTEGER NOT NULL,
    expires            INTEGER NOT NULL,
    custom             TEXT     NOT NULL
);
CREATE INDEX ix_oauth_states_expires ON oauth_states (expires);
