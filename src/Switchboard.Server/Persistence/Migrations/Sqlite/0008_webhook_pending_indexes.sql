-- The delivery worker claims the head of each (consumer, company) queue: a pending delivery with no earlier pending one
-- in its queue. Over the full-table index on (consumer_id, order_key, event_seq) that check walked every delivery the
-- queue ever had, so a claim grew with the outbox's history and its backlog (≈0.6 s with 10,000 pending behind 100
-- queues on SQLite, inside the write turn). These two cover pending rows only: the check is one index probe, and
-- pending rows can be read in event order.
CREATE INDEX ix_webhook_deliveries_pending_order ON webhook_deliveries (consumer_id, order_key, event_seq) WHERE status = 'Pending';
CREATE INDEX ix_webhook_deliveries_pending_seq ON webhook_deliveries (event_seq) WHERE status = 'Pending';
