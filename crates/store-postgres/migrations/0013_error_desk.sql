-- People working errors: who resolved one and why, and when a failed document was delivered
-- again (the error stays open until the receiver's ERP reports on it once more).
ALTER TABLE errors ADD COLUMN resolved_by TEXT;
ALTER TABLE errors ADD COLUMN resolution TEXT;
ALTER TABLE errors ADD COLUMN redelivered_at BIGINT;
CREATE INDEX errors_open ON errors (company_id, created_at) WHERE resolved_at IS NULL;
