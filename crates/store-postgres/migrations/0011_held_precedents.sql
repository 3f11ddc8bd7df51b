-- A send's first steps in one round trip: wait for the other sends of its version chain, read
-- what it must be weighed against, and take its creation stamp. The decisions stay in the
-- domain (`switchyard_network::recording`); this only saves the round trips between steps.
-- In a volatile function each statement reads with a snapshot of its own, so the reads below,
-- taken after the lock was granted, see what the chain's previous holder committed.
CREATE FUNCTION held_precedents(
    chain_key TEXT, p_connection UUID, p_fingerprint BYTEA, p_sender UUID, p_receiver UUID, p_kind TEXT,
    p_number TEXT, wanted BIGINT, OUT original UUID, OUT chain_head UUID, OUT stamped BIGINT
) LANGUAGE plpgsql AS $$
BEGIN
    IF chain_key IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock(hashtextextended(chain_key, 0));
    END IF;
    original := (SELECT id FROM transactions WHERE connection_id = p_connection AND fingerprint = p_fingerprint);
    chain_head := (SELECT id FROM transactions WHERE sender_id = p_sender AND receiver_id = p_receiver
                   AND document_type = p_kind AND business_number = p_number AND replaced_by_id IS NULL);
    stamped := stamp_creation(wanted);
END
$$;
