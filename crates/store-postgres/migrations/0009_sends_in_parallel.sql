-- Sends no longer wait for each other unless they can conflict. The rules of a send are the
-- domain's (`switchyard_network::recording`); the database keeps only what makes them safe when
-- several processes send at once:
--   * duplicates: the unique index on (connection_id, fingerprint) of 0002;
--   * versions: sends of one chain wait for each other on a transaction-level advisory lock
--     (see recording.rs), and 0002's unique index keeps one head per chain;
--   * creation order: `stamp_creation` below, and readers that stop at a watermark.
DROP FUNCTION record_sent;
ALTER TABLE companies DROP COLUMN last_created_at;

-- The transaction that wrote each state row. Readers list only rows written before the oldest
-- transaction still running (the snapshot's xmin): a send still in flight may yet commit with
-- an earlier creation time than one that already committed, but never with an earlier one than
-- a send whose transaction id is below that watermark (see `stamp_creation`).
ALTER TABLE transaction_states ADD COLUMN written_in xid8 NOT NULL DEFAULT pg_current_xact_id();

-- The last creation time given, in microseconds. A sequence rather than a row: its value
-- changes outside transactions, so stamping holds no row lock until commit.
CREATE SEQUENCE creation_clock MINVALUE 0 START 0;
SELECT setval('creation_clock', greatest(0, (SELECT max(created_at) FROM transactions)));

-- A creation time no earlier than `wanted` and later than every one given before, taken
-- together with the caller's transaction id under one lock held for these few steps only: so a
-- send with a lower transaction id always has the earlier creation time, which is what lets
-- readers trust every row below the watermark. Called before the send's first write, when the
-- transaction has no id yet.
CREATE FUNCTION stamp_creation(wanted BIGINT) RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
    given BIGINT;
BEGIN
    -- A session lock, released at the end of this call rather than at commit; the two-key
    -- form keeps it apart from the chains' one-key locks.
    PERFORM pg_advisory_lock(7321, 1);
    BEGIN
        PERFORM pg_current_xact_id();
        given := greatest(wanted, (SELECT last_value FROM creation_clock) + 1);
        PERFORM setval('creation_clock', given);
    EXCEPTION WHEN OTHERS OR query_canceled THEN
        PERFORM pg_advisory_unlock(7321, 1);
        RAISE;
    END;
    PERFORM pg_advisory_unlock(7321, 1);
    RETURN given;
END
$$;
