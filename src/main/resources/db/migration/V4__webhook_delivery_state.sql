-- What the deliverer needs beside the outbox rows of V3.
-- history: one JSON object per attempt ({"at", "status" or "error", "ms"}), comma-separated, shown by the API.
ALTER TABLE webhook_deliveries ADD COLUMN history TEXT;
-- Ordering per message: a delivery is due only when no earlier pending one of the same subscription and subject exists.
CREATE INDEX webhook_deliveries_order ON webhook_deliveries (webhook_id, subject_id, id) WHERE state = 'PENDING';
-- The API lists an account's deliveries, newest first.
CREATE INDEX webhook_deliveries_account ON webhook_deliveries (account_id, id);
-- Housekeeping removes finished deliveries after the retention period.
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (finished_at) WHERE finished_at IS NOT NULL;
