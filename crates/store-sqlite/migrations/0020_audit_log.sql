-- Every change made to a company's people, tokens, relationships, responsibilities and errors,
-- in the portal or by the operator's commands: who, when, what. Written in the same transaction
-- as its change; read newest first, a page at a time, by the company's admins.
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    id          TEXT NOT NULL,
    company_id  TEXT NOT NULL,
    at          INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    detail      TEXT NOT NULL
);
CREATE INDEX audit_log_company ON audit_log (company_id, seq);
