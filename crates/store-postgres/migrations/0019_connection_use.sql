-- When each ERP connection last polled its queue and last sent a document, for the company's
-- dashboard (a connection silent for a day is flagged there). Noted at most once a minute per
-- connection, as a token's last use is.
ALTER TABLE connections ADD COLUMN last_polled_at BIGINT;
ALTER TABLE connections ADD COLUMN last_sent_at BIGINT;
