-- Webhook subscriptions (/api/hooks). Unsubscribing marks the row deleted instead of removing it, so deliveries
-- already written for it (the outbox, next migration) keep their subscription.
CREATE TABLE webhooks (
    id              ${pk},
    account_id      BIGINT NOT NULL REFERENCES accounts (id),
    target_url      TEXT   NOT NULL,
    event_type      TEXT   NOT NULL,
    request_method  TEXT   NOT NULL,
    event_filter    TEXT,
    headers         TEXT,
    created_at      BIGINT NOT NULL,
    deleted_at      BIGINT
);
CREATE INDEX webhooks_account ON webhooks (account_id) WHERE deleted_at IS NULL;
