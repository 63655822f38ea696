-- A delivery may go only when no earlier delivery of its (consumer, company) queue is pending: it is the queue's head.
-- The claim used to find heads by reading pending deliveries in event order and probing each for an earlier one, so
-- once fewer heads than free slots were due it read the whole backlog on every claim, and a node that fell behind
-- fell further behind. The head is now kept on the row: set when a delivery is stored into an empty queue, moved to
-- the queue's next pending delivery when one finishes, so a claim reads heads only (one per queue at most).
ALTER TABLE webhook_deliveries ADD COLUMN head INTEGER NOT NULL DEFAULT 0;
UPDATE webhook_deliveries SET head = 1
WHERE status = 'Pending' AND NOT EXISTS (
    SELECT 1 FROM webhook_deliveries p WHERE p.consumer_id = webhook_deliveries.consumer_id
    AND p.order_key = webhook_deliveries.order_key AND p.status = 'Pending' AND p.event_seq < webhook_deliveries.event_seq);
DROP INDEX ix_webhook_deliveries_pending_seq;
CREATE INDEX ix_webhook_deliveries_heads ON webhook_deliveries (event_seq) WHERE head AND status = 'Pending';
