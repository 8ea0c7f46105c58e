-- The webhook outbox: one row per event and subscription, written in the transaction of the state change that caused
-- the event (so no event is lost and none is invented by a crash). The event's payload is kept with each delivery.
CREATE TABLE webhook_deliveries (
    id           ${append_pk},
    webhook_id   BIGINT  NOT NULL REFERENCES webhooks (id),
    account_id   BIGINT  NOT NULL,
    event_type   TEXT    NOT NULL,
    subject_id   BIGINT  NOT NULL,
    payload      TEXT    NOT NULL,
    event_at     BIGINT  NOT NULL,
    state        TEXT    NOT NULL,
    attempts     INTEGER NOT NULL,
    next_at      BIGINT  NOT NULL,
    last_status  INTEGER,
    last_error   TEXT,
    lease_owner  TEXT,
    lease_until  BIGINT,
    finished_at  BIGINT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_at) WHERE state = 'PENDING';
