-- Switchboard schema v1 (SQLite). Timestamps are UTC ticks (100 ns since 0001-01-01).
CREATE TABLE tenants (
    id          TEXT    NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL,
    created     INTEGER NOT NULL
);

CREATE TABLE api_keys (
    id          TEXT    NOT NULL PRIMARY KEY,
    tenant_id   TEXT    NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name        TEXT,
    key_hash    TEXT    NOT NULL,
    created     INTEGER NOT NULL
);
CREATE UNIQUE INDEX ix_api_keys_key_hash ON api_keys (key_hash);
CREATE INDEX ix_api_keys_tenant_id ON api_keys (tenant_id, created);

CREATE TABLE companies (
    id          TEXT    NOT NULL PRIMARY KEY,
    tenant_id   TEXT    NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    description TEXT,
    created     INTEGER NOT NULL,
    modified    INTEGER NOT NULL,
    last_sync   INTEGER,
    version     INTEGER NOT NULL
);
CREATE INDEX ix_companies_tenant_created ON companies (tenant_id, created, id);

CREATE TABLE company_tags (
    company_id  TEXT    NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    key         TEXT    NOT NULL,
    value       TEXT    NOT NULL,
    PRIMARY KEY (company_id, key)
);
CREATE INDEX ix_company_tags_key_value ON company_tags (key, value);

CREATE TABLE connections (
    id                 TEXT    NOT NULL PRIMARY KEY,
    tenant_id          TEXT    NOT NULL,
    company_id         TEXT    NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    integration_key    TEXT    NOT NULL,
    integration_id     TEXT    NOT NULL,
    source_id          TEXT    NOT NULL,
    source_type        TEXT    NOT NULL,
    platform_name      TEXT    NOT NULL,
    status             TEXT    NOT NULL,
    created            INTEGER NOT NULL,
    modified           INTEGER NOT NULL,
    last_sync          INTEGER,
    version            INTEGER NOT NULL,
    credential_key_id  TEXT,
    credentials        BLOB,
    authorization_keys TEXT    NOT NULL,
    authorized         INTEGER,
    errors             TEXT    NOT NULL
);
-- Connections are only ever listed per company; this one index serves the filter, the order and the paging.
-- (No second index led by tenant_id: without statistics SQLite could pick it and scan the whole tenant.)
CREATE INDEX ix_connections_company_created ON connections (company_id, created, id);
