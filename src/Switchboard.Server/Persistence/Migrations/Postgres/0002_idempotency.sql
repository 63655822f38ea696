-- Idempotency-Key records (POST/PATCH), kept 90 minutes.
CREATE TABLE idempotency_records (
    tenant_id       uuid        NOT NULL,
    idempotency_key uuid        NOT NULL,
    request_hash    text        NOT NULL,
    completed       boolean     NOT NULL,
    status_code     integer,
    content_type    text,
    entity_tag      text,
    response_body   bytea,
    created         timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, idempotency_key)
);
CREATE INDEX ix_idempotency_records_created ON idempotency_records (created);
