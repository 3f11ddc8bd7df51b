-- What each token may do: its scopes (names separated by spaces), the networks it may call from
-- (CIDR blocks separated by spaces) and when it stops working. NULL is every scope, any network
-- and never, which is what every token issued before could do.
ALTER TABLE tokens ADD COLUMN scopes TEXT;
ALTER TABLE tokens ADD COLUMN allowed_from TEXT;
ALTER TABLE tokens ADD COLUMN expires_at BIGINT;
