-- Poller leases: a queue listing with `lease=SECONDS` leases the items it returns to its caller
-- until `leased_until`; while the lease runs no other listing returns them. Marking an item or
-- releasing its lease clears both columns; a lease that runs out needs no clearing.
ALTER TABLE transaction_states ADD COLUMN lease_id TEXT;
ALTER TABLE transaction_states ADD COLUMN leased_until INTEGER;
CREATE INDEX transaction_states_lease ON transaction_states (lease_id) WHERE lease_id IS NOT NULL;
