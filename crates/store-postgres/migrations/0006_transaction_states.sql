-- A transaction's processing state, apart from its wide row. Marking a batch of a thousand
-- reports used to rewrite a thousand `transactions` rows spread among every other receiver's and
-- delete a thousand `inbox` rows and their index entries. These rows are less than half as wide,
-- and a new status changes nothing else but the queue index.
-- This table takes over `transactions.status` and the receivers' queues (`inbox`).
CREATE TABLE transaction_states (
    transaction_id  UUID PRIMARY KEY REFERENCES transactions (id),
    -- The receiver of a delivered transaction, the one company that may report on it; NULL
    -- when the transaction was not delivered.
    delivered_to    UUID,
    created_at      BIGINT NOT NULL,
    document_type   TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('PENDING', 'SUCCESS', 'FAILED', 'DROPPED', 'UNKNOWN'))
);
-- The receivers' queues: what is pending, in the order it was recorded.
CREATE INDEX transaction_states_pending ON transaction_states (delivered_to, created_at, transaction_id)
    WHERE status = 'PENDING';

INSERT INTO transaction_states (transaction_id, delivered_to, created_at, document_type, status)
    SELECT id, CASE WHEN delivered THEN receiver_id END, created_at, document_type, status FROM transactions;
DROP TABLE inbox;
ALTER TABLE transactions DROP COLUMN status;

-- As in 0005_record_sent, with the state row in place of the status column and the queue row.
CREATE OR REPLACE FUNCTION record_sent(
    new_id UUID, new_type TEXT, new_sender UUID, new_receiver UUID, new_connection UUID, new_flow TEXT,
    new_deliver BOOLEAN, new_created_at BIGINT, new_number TEXT, new_fingerprint BYTEA, new_content TEXT,
    new_warnings TEXT,
    OUT duplicate_of UUID, OUT given_created_at BIGINT, OUT replaced UUID
) LANGUAGE plpgsql AS $$
DECLARE
    last_created BIGINT;
BEGIN
    -- A fixed lock order (by id) so that two opposite sends cannot deadlock.
    SELECT max(locked.last_created_at) INTO last_created FROM (
        SELECT last_created_at FROM companies WHERE id IN (new_sender, new_receiver) ORDER BY id FOR UPDATE
    ) AS locked;
    SELECT id INTO duplicate_of FROM transactions
        WHERE connection_id = new_connection AND fingerprint = new_fingerprint;
    IF FOUND THEN
        RETURN;
    END IF;
    given_created_at := greatest(new_created_at, last_created + 1);
    UPDATE companies SET last_created_at = given_created_at WHERE id IN (new_sender, new_receiver);
    IF new_number IS NOT NULL THEN
        SELECT id INTO replaced FROM transactions
            WHERE sender_id = new_sender AND receiver_id = new_receiver AND document_type = new_type
            AND business_number = new_number AND replaced_by_id IS NULL
            FOR UPDATE;
        IF FOUND THEN
            UPDATE transactions SET replaced_by_id = new_id WHERE id = replaced;
            -- A pending predecessor leaves the queue: only the latest version is delivered.
            UPDATE transaction_states SET status = 'DROPPED' WHERE transaction_id = replaced AND status = 'PENDING';
        END IF;
    END IF;
    INSERT INTO transactions (id, document_type, sender_id, receiver_id, connection_id, flow, delivered,
        created_at, business_number, fingerprint, replaces_id, warnings)
        VALUES (new_id, new_type, new_sender, new_receiver, new_connection, new_flow, new_deliver,
            given_created_at, new_number, new_fingerprint, replaced, new_warnings);
    INSERT INTO contents (transaction_id, content) VALUES (new_id, new_content);
    INSERT INTO transaction_states (transaction_id, delivered_to, created_at, document_type, status)
        VALUES (new_id, CASE WHEN new_deliver THEN new_receiver END, given_created_at, new_type,
            CASE WHEN new_deliver THEN 'PENDING' ELSE 'DROPPED' END);
END
$$;
