-- Idempotency-Key records (POST/PATCH), kept 90 minutes.
CREATE TABLE idempotency_records (
    tenant_id       TEXT    NOT NULL,
    idempotency_key TEXT    NOT NULL,
    request_hash    TEXT    NOT NULL,
    completed       INTEGER NOT NULL,
    status_code     INTEGER,
    content_type    TEXT,
    entity_tag      TEXT,
    response_body   BLOB,
    created         INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, idempotency_key)
);
CREATE INDEX ix_idempotency_records_created ON idempotency_records (created);
