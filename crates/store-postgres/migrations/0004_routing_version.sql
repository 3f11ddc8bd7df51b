-- A counter that moves with every change to party identifiers or relationships, whoever makes
-- it (a server, the admin command, an operator's SQL), so that servers can hold the routing
-- data in memory and reload it only when it changed. Each authentication reads it.
CREATE TABLE routing_version (
    only_row  INTEGER PRIMARY KEY CHECK (only_row = 1),
    version   BIGINT NOT NULL
);
INSERT INTO routing_version (only_row, version) VALUES (1, 1);

CREATE FUNCTION routing_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE routing_version SET version = version + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER party_identifiers_changed AFTER INSERT OR UPDATE OR DELETE ON party_identifiers
    FOR EACH STATEMENT EXECUTE FUNCTION routing_changed();
CREATE TRIGGER relationships_changed AFTER INSERT OR UPDATE OR DELETE ON relationships
    FOR EACH STATEMENT EXECUTE FUNCTION routing_changed();
