-- Recording a sent document as one server-side call. The sender's and receiver's company rows
-- stay locked from the first statement to the commit; run from the server as separate
-- statements, that lock was held across a network round trip per statement, and sends to one
-- receiver waited on each other's round trips. Inside one call it is held for the work only.
--
-- Returns the original's id for a duplicate (nothing written), else the creation time given
-- (never earlier than either company's last one, so that queues read in commit order) and the
-- chain head this version replaced, if any.
CREATE FUNCTION record_sent(
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
            -- A pending predecessor leaves the queue: only the latest version is delivered.
            UPDATE transactions SET replaced_by_id = new_id,
                status = CASE WHEN status = 'PENDING' THEN 'DROPPED' ELSE status END
                WHERE id = replaced;
            DELETE FROM inbox WHERE transaction_id = replaced;
        END IF;
    END IF;
    INSERT INTO transactions (id, document_type, sender_id, receiver_id, connection_id, flow, status, delivered,
        created_at, business_number, fingerprint, replaces_id, warnings)
        VALUES (new_id, new_type, new_sender, new_receiver, new_connection, new_flow,
            CASE WHEN new_deliver THEN 'PENDING' ELSE 'DROPPED' END, new_deliver,
            given_created_at, new_number, new_fingerprint, replaced, new_warnings);
    INSERT INTO contents (transaction_id, content) VALUES (new_id, new_content);
    IF new_deliver THEN
        INSERT INTO inbox (receiver_id, created_at, transaction_id, document_type)
            VALUES (new_receiver, given_created_at, new_id, new_type);
    END IF;
END
$$;

-- Document bodies are compressed with lz4 rather than the default pglz: a fifth of a send's
-- time in the database went to compressing its body, and every poll decompresses it again.
ALTER TABLE contents ALTER COLUMN content SET COMPRESSION lz4;
