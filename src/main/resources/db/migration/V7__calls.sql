-- Voice calls (sms77 /api/voice and Voice2Phone POST /call). One row per call, from acceptance to its end.
-- uuid: the Voice2Phone CallId (sms77 shows the numeric id). script_kind/script: what the API received (text, xml,
-- or menu = Voice2Phone JSON), parsed again when a call is (re)started, so the stored form is the customer's own.
-- price_per_minute_micros: the tariff when accepted; charged_micros: what the ledger holds for the call (the first
-- minute when accepted; per started minute of duration_ms at the end; 0 for a call nobody answered).
-- lease_owner/lease_until: the node running the call; a call whose lease expired before it was dialled is dialled
-- by whichever node finds it.
CREATE TABLE calls (
    id                       ${pk},
    uuid                     TEXT    NOT NULL UNIQUE,
    account_id               BIGINT  NOT NULL REFERENCES accounts (id),
    api                      TEXT    NOT NULL,
    caller_id                TEXT    NOT NULL,
    recipient                TEXT    NOT NULL,
    script_kind              TEXT    NOT NULL,
    script                   TEXT    NOT NULL,
    language                 TEXT,
    ringtime_s               INTEGER NOT NULL,
    foreign_id               TEXT,
    status                   TEXT    NOT NULL,
    cause                    TEXT,
    dtmf                     TEXT,
    price_per_minute_micros  BIGINT  NOT NULL,
    charged_micros           BIGINT  NOT NULL,
    duration_ms              BIGINT,
    connector                TEXT,
    hangup_requested         BOOLEAN NOT NULL,
    lease_owner              TEXT,
    lease_until              BIGINT,
    created_at               BIGINT  NOT NULL,
    updated_at               BIGINT  NOT NULL,
    answered_at              BIGINT,
    ended_at                 BIGINT
);
-- The journal lists an account's calls, newest first.
CREATE INDEX calls_account ON calls (account_id, created_at);
-- At start and while polling: calls not finished.
CREATE INDEX calls_open ON calls (status) WHERE ended_at IS NULL;

-- Caller IDs an account may use as `from` besides its inbound numbers (sms77: "verified sender IDs").
CREATE TABLE caller_ids (
    account_id  BIGINT NOT NULL REFERENCES accounts (id),
    number      TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (account_id, number)
);
