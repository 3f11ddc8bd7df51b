-- A company's history (`GET /v2/all-transactions`) read from two indexes, one per side, that
-- order its transactions by type, flow and status and then by creation time. A filtered page
-- merges the runs of the combinations its filters admit; a page without a filter merges the
-- company's sent and received transactions by time (`transactions_sent` and
-- `transactions_received`). Before, a page was one query with `sender OR receiver` that read
-- and sorted the whole history: 1.3-5.7 s at 1.29 M transactions, and a filter that matched
-- nothing scanned it all.
-- The sender and flow are copied here from `transactions`, whose rows never change them, so
-- that an index holds all three filtered columns with the status.
ALTER TABLE transaction_states ADD COLUMN sender_id TEXT NOT NULL DEFAULT '';
ALTER TABLE transaction_states ADD COLUMN flow TEXT NOT NULL DEFAULT 'LIVE';
UPDATE transaction_states
    SET (sender_id, flow) = (SELECT t.sender_id, t.flow FROM transactions t WHERE t.id = transaction_states.transaction_id);
CREATE INDEX transaction_states_sent_history
    ON transaction_states (sender_id, document_type, flow, status, created_at, transaction_id);
CREATE INDEX transaction_states_received_history
    ON transaction_states (delivered_to, document_type, flow, status, created_at, transaction_id);
