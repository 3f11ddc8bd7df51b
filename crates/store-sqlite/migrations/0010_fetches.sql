-- When the receiver first listed a delivered transaction in its queue: the first fetch is told
-- once in the transaction's story.
ALTER TABLE transaction_states ADD COLUMN fetched_at INTEGER;
