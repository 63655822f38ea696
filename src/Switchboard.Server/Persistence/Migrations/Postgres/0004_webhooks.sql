-- Webhooks: consumers, the outbox of events (written in the same transaction as the change that caused them),
-- and one delivery per event and consumer, which is also the delivery log.
CREATE TABLE webhook_consumers (
    id                       uuid    NOT NULL PRIMARY KEY,
    tenant_id                uuid    NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    url                      text    NOT NULL,
    disabled                 boolean NOT NULL,
    disabled_reason          text,
    event_types              text    NOT NULL,
    company_tags             text    NOT NULL,
    secret_key_id            text    NOT NULL,
    secret                   bytea   NOT NULL,
    previous_secret_key_id   text,
    previous_secret          bytea,
    previous_secret_expires  timestamptz,
    failing_since            timestamptz,
    created                  timestamptz NOT NULL
);
CREATE INDEX ix_webhook_consumers_tenant_created ON webhook_consumers (tenant_id, created, id);

-- seq orders events: changes to one connection (or company) are serialized by its row, so their events get increasing numbers.
CREATE TABLE webhook_events (
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id         uuid    NOT NULL,
    tenant_id  uuid    NOT NULL,
    event_type text    NOT NULL,
    body       text    NOT NULL,
    generated  timestamptz NOT NULL
);
CREATE UNIQUE INDEX ix_webhook_events_id ON webhook_events (id);
CREATE INDEX ix_webhook_events_generated ON webhook_events (generated);

CREATE TABLE webhook_deliveries (
    id             uuid    NOT NULL PRIMARY KEY,
    tenant_id      uuid    NOT NULL,
    consumer_id    uuid    NOT NULL REFERENCES webhook_consumers (id) ON DELETE CASCADE,
    event_id       uuid    NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
    event_seq      bigint NOT NULL,
    event_type     text    NOT NULL,
    order_key      text    NOT NULL,
    status         text    NOT NULL,
    attempts       integer NOT NULL,
    next_attempt   timestamptz,
    claimed_until  timestamptz,
    claim_token    text,
    last_attempt   timestamptz,
    status_code    integer,
    duration_ms    bigint,
    error          text,
    response_body  text,
    created        timestamptz NOT NULL,
    completed      timestamptz
);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (status, next_attempt);
CREATE INDEX ix_webhook_deliveries_order ON webhook_deliveries (consumer_id, order_key, event_seq);
CREATE INDEX ix_webhook_deliveries_event ON webhook_deliveries (event_id);
CREATE INDEX ix_webhook_deliveries_claim ON webhook_deliveries (claim_token);
CREATE INDEX ix_webhook_deliveries_consumer_created ON webhook_deliveries (consumer_id, created, id);
CREATE INDEX ix_webhook_deliveries_completed ON webhook_deliveries (completed);
