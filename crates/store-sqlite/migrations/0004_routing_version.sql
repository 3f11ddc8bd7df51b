-- A counter that moves with every change to party identifiers or relationships, whoever makes
-- it (a server, the admin command, an operator's SQL), so that servers can hold the routing
-- data in memory and reload it only when it changed. Each authentication reads it.
CREATE TABLE routing_version (
    only_row  INTEGER PRIMARY KEY CHECK (only_row = 1),
    version   INTEGER NOT NULL
);
INSERT INTO routing_version (only_row, version) VALUES (1, 1);

CREATE TRIGGER party_identifiers_inserted AFTER INSERT ON party_identifiers
BEGIN UPDATE routing_version SET version = version + 1; END;
CREATE TRIGGER party_identifiers_updated AFTER UPDATE ON party_identifiers
BEGIN UPDATE routing_version SET version = version + 1; END;
CREATE TRIGGER party_identifiers_deleted AFTER DELETE ON party_identifiers
BEGIN UPDATE routing_version SET version = version + 1; END;
CREATE TRIGGER relationships_inserted AFTER INSERT ON relationships
BEGIN UPDATE routing_version SET version = version + 1; END;
CREATE TRIGGER relationships_updated AFTER UPDATE ON relationships
BEGIN UPDATE routing_version SET version = version + 1; END;
CREATE TRIGGER relationships_deleted AFTER DELETE ON relationships
BEGIN UPDATE routing_version SET version = version + 1; END;
