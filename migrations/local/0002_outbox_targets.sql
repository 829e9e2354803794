-- Which local record a queued change touches, so the record can show it as pending (or
-- refused, with the reason), and the platform's answer to it.
ALTER TABLE outbox ADD COLUMN collection TEXT;   -- e.g. cs_touchpoints
ALTER TABLE outbox ADD COLUMN row_key TEXT;      -- the record's key, a JSON array
ALTER TABLE outbox ADD COLUMN outcome TEXT;      -- the platform's answer, JSON
CREATE INDEX outbox_target ON outbox (collection, row_key);
