-- Every index on webhook_deliveries is written by each delivery's insert and by each of its attempts' updates, in the
-- write transaction of the change that caused the event. These were read by nothing or by little:
-- the (status, next_attempt) and full (consumer_id, order_key, event_seq) indexes are superseded by 0008's pending-only
-- ones; claim tokens and completion times exist only while claimed, only once finished: index just those rows.
DROP INDEX ix_webhook_deliveries_due;
DROP INDEX ix_webhook_deliveries_order;
DROP INDEX ix_webhook_deliveries_claim;
DROP INDEX ix_webhook_deliveries_completed;
CREATE INDEX ix_webhook_deliveries_claim ON webhook_deliveries (claim_token) WHERE claim_token IS NOT NULL;
CREATE INDEX ix_webhook_deliveries_completed ON webhook_deliveries (completed) WHERE completed IS NOT NULL;
