-- Retention deletes settled documents oldest first, each with what points at it: the indexes
-- that find them and everything that refers to one, so that a deletion reads no table whole.
-- Only settled documents are in the first; a send (pending) writes no entry to it.
CREATE INDEX transaction_states_settled ON transaction_states (created_at) WHERE status <> 'PENDING';
-- Both links of a version chain: deleting a row checks that no other row names it.
CREATE INDEX transactions_replaces ON transactions (replaces_id) WHERE replaces_id IS NOT NULL;
CREATE INDEX transactions_replaced_by ON transactions (replaced_by_id) WHERE replaced_by_id IS NOT NULL;
CREATE INDEX errors_transaction ON errors (transaction_id);
CREATE INDEX notices_error ON notices (error_id);
CREATE INDEX document_notices_transaction ON document_notices (transaction_id);
CREATE INDEX tasks_error ON tasks (error_id) WHERE error_id IS NOT NULL;
