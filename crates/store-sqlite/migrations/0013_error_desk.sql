-- People working errors: who resolved one and why, and when a failed document was delivered
-- again (the error stays open until the receiver's ERP reports on it once more).
ALTER TABLE errors ADD COLUMN resolved_by TEXT;
ALTER TABLE errors ADD COLUMN resolution TEXT;
ALTER TABLE errors ADD COLUMN redelivered_at INTEGER;
CREATE INDEX errors_open ON errors (company_id, created_at) WHERE resolved_at IS NULL;
-- Marks look here, once per batch, for documents delivered again whose errors a success resolves.
CREATE INDEX errors_awaiting_redelivery ON errors (transaction_id) WHERE redelivered_at IS NOT NULL AND resolved_at IS NULL;
