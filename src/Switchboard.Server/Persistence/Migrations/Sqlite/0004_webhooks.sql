-- Webhooks: consumers, the outbox of events (written in the same transaction as the change that caused them),
-- and one delivery per event and consumer, which is also the delivery log.
CREATE TABLE webhook_consumers (
    id                       TEXT    NOT NULL PRIMARY KEY,
    tenant_id                TEXT    NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    url                      TEXT    NOT NULL,
    disabled                 INTEGER NOT NULL,
    disabled_reason          TEXT,
    event_types              TEXT    NOT NULL,
    company_tags             TEXT    NOT NULL,
    secret_key_id            TEXT    NOT NULL,
    secret                   BLOB    NOT NULL,
    previous_secret_key_id   TEXT,
    previous_secret          BLOB,
    previous_secret_expires  INTEGER,
    failing_since            INTEGER,
    created                  INTEGER NOT NULL
);
CREATE INDEX ix_webhook_consumers_tenant_created ON webhook_consumers (tenant_id, created, id);

-- seq orders events: changes to one connection (or company) are serialized by its row, so their events get increasing numbers.
CREATE TABLE webhook_events (
    seq        INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    id         TEXT    NOT NULL,
    tenant_id  TEXT    NOT NULL,
    event_type TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    generated  INTEGER NOT NULL
);
CREATE UNIQUE INDEX ix_webhook_events_id ON webhook_events (id);
CREATE INDEX ix_webhook_events_generated ON webhook_events (generated);

CREATE TABLE webhook_deliveries (
    id             TEXT    NOT NULL PRIMARY KEY,
    tenant_id      TEXT    NOT NULL,
    consumer_id    TEXT    NOT NULL REFERENCES webhook_consumers (id) ON DELETE CASCADE,
    event_id       TEXT    NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
    event_seq      INTEGER NOT NULL,
    event_type     TEXT    NOT NULL,
    order_key      TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    attempts       INTEGER NOT NULL,
    next_attempt   INTEGER,
    claimed_until  INTEGER,
    claim_token    TEXT,
    last_attempt   INTEGER,
    status_code    INTEGER,
    duration_ms    INTEGER,
    error          TEXT,
    response_body  TEXT,
    created        INTEGER NOT NULL,
    completed      INTEGER
);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (status, next_attempt);
CREATE INDEX ix_webhook_deliveries_order ON webhook_deliveries (consumer_id, order_key, event_seq);
CREATE INDEX ix_webhook_deliveries_event ON webhook_deliveries (event_id);
CREATE INDEX ix_webhook_deliveries_claim ON webhook_deliveries (claim_token);
CREATE INDEX ix_webhook_deliveries_consumer_created ON webhook_deliveries (consumer_id, created, id);
CREATE INDEX ix_webhook_deliveries_completed ON webhook_deliveries (completed);
