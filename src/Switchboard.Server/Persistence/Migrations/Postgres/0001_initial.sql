-- Switchboard schema v1 (PostgreSQL).
CREATE TABLE tenants (
    id          uuid        NOT NULL PRIMARY KEY,
    name        text        NOT NULL,
    created     timestamptz NOT NULL
);

CREATE TABLE api_keys (
    id          uuid        NOT NULL PRIMARY KEY,
    tenant_id   uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name        text,
    key_hash    text        NOT NULL,
    created     timestamptz NOT NULL
);
CREATE UNIQUE INDEX ix_api_keys_key_hash ON api_keys (key_hash);
CREATE INDEX ix_api_keys_tenant_id ON api_keys (tenant_id, created);

CREATE TABLE companies (
    id          uuid        NOT NULL PRIMARY KEY,
    tenant_id   uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name        text        NOT NULL,
    description text,
    created     timestamptz NOT NULL,
    modified    timestamptz NOT NULL,
    last_sync   timestamptz,
    version     bigint      NOT NULL
);
CREATE INDEX ix_companies_tenant_created ON companies (tenant_id, created, id);

CREATE TABLE company_tags (
    company_id  uuid        NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    key         text        NOT NULL,
    value       text        NOT NULL,
    PRIMARY KEY (company_id, key)
);
CREATE INDEX ix_company_tags_key_value ON company_tags (key, value);

CREATE TABLE connections (
    id                 uuid        NOT NULL PRIMARY KEY,
    tenant_id          uuid        NOT NULL,
    company_id         uuid        NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    integration_key    text        NOT NULL,
    integration_id     uuid        NOT NULL,
    source_id          uuid        NOT NULL,
    source_type        text        NOT NULL,
    platform_name      text        NOT NULL,
    status             text        NOT NULL,
    created            timestamptz NOT NULL,
    modified           timestamptz NOT NULL,
    last_sync          timestamptz,
    version            bigint      NOT NULL,
    credential_key_id  text,
    credentials        bytea,
    authorization_keys text        NOT NULL,
    authorized         timestamptz,
    errors             text        NOT NULL
);
-- Connections are only ever listed per company; this one index serves the filter, the order and the paging.
-- (No second index led by tenant_id: without statistics SQLite could pick it and scan the whole tenant.)
CREATE INDEX ix_connections_company_created ON connections (company_id, created, id);
