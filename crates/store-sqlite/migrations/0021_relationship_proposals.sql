-- Proposals of relationship changes: an admin of one company proposes a state for a document
-- type in one direction; an admin of the other company accepts (the relationship is set in the
-- same transaction) or declines, or the proposer withdraws. One proposal at a time may be
-- pending for a sender, receiver and type.
CREATE TABLE relationship_proposals (
    id             TEXT PRIMARY KEY,
    sender_id      TEXT NOT NULL REFERENCES companies (id),
    receiver_id    TEXT NOT NULL REFERENCES companies (id),
    document_type  TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('ACTIVE', 'TESTING', 'INACTIVE')),
    proposer_id    TEXT NOT NULL REFERENCES companies (id),
    proposed_by    TEXT NOT NULL,
    proposed_at    INTEGER NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('PENDING', 'ACCEPTED', 'DECLINED', 'WITHDRAWN')),
    decided_by     TEXT,
    decided_at     INTEGER
);
CREATE UNIQUE INDEX relationship_proposals_pending
    ON relationship_proposals (sender_id, receiver_id, document_type) WHERE status = 'PENDING';
CREATE INDEX relationship_proposals_sender ON relationship_proposals (sender_id, proposed_at);
CREATE INDEX relationship_proposals_receiver ON relationship_proposals (receiver_id, proposed_at);
