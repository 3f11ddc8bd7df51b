-- The embedded store rewrites its `transaction_states.status` rule as comparisons (its
-- migration of this name): SQLite built a temporary index of the five names for every row it
-- wrote. PostgreSQL checks the list as it is and needs no change; the migration exists so that
-- both backends report the same schema version.
SELECT 1;
