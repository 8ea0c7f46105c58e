-- One schema for SQLite and PostgreSQL. ${pk} is the dialect's generated 64-bit key, never reused; ${append_pk} the
-- same for tables whose rows are never deleted (cheaper on SQLite).
-- Indexes are added with the queries that need them: each one costs every insert (measured: two unused ones took
-- 13% of the accept rate).
-- Money is integer micro-units of the account currency (1 EUR = 1000000): exact on both databases, where SQLite's
-- NUMERIC would silently become a binary float. Times are epoch milliseconds (UTC).

CREATE TABLE accounts (
    id                ${pk},
    name              TEXT    NOT NULL,
    currency          TEXT    NOT NULL,
    balance_micros    BIGINT  NOT NULL,
    default_sender    TEXT,
    default_country   TEXT    NOT NULL,
    reload_lock       BOOLEAN NOT NULL,
    daily_limit       INTEGER NOT NULL,
    signing_secret    TEXT    NOT NULL,
    created_at        BIGINT  NOT NULL
);

CREATE TABLE api_keys (
    id          ${pk},
    account_id  BIGINT NOT NULL REFERENCES accounts (id),
    key_hash    TEXT   NOT NULL UNIQUE,
    key_hint    TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);

-- Every balance change, with the balance after it: accounts.balance_micros is the running total of this table.
CREATE TABLE ledger (
    id                    ${append_pk},
    account_id            BIGINT NOT NULL REFERENCES accounts (id),
    amount_micros         BIGINT NOT NULL,
    balance_after_micros  BIGINT NOT NULL,
    kind                  TEXT   NOT NULL,
    reference             TEXT,
    created_at            BIGINT NOT NULL
);

CREATE TABLE messages (
    id            ${pk},
    account_id    BIGINT  NOT NULL REFERENCES accounts (id),
    sender        TEXT    NOT NULL,
    recipient     TEXT    NOT NULL,
    text          TEXT    NOT NULL,
    encoding      TEXT    NOT NULL,
    parts         INTEGER NOT NULL,
    price_micros  BIGINT  NOT NULL,
    udh           TEXT,
    flash         BOOLEAN NOT NULL,
    ttl_minutes   INTEGER NOT NULL,
    label         TEXT,
    foreign_id    TEXT,
    status        TEXT    NOT NULL,
    status_at     BIGINT  NOT NULL,
    created_at    BIGINT  NOT NULL,
    due_at        BIGINT  NOT NULL,
    scheduled     BOOLEAN NOT NULL,
    connector     TEXT,
    lease_owner   TEXT,
    lease_until   BIGINT,
    attempts      INTEGER NOT NULL,
    error         TEXT
);
-- The dispatcher's work list: only rows still waiting for a carrier are in this index.
CREATE INDEX messages_due ON messages (due_at) WHERE status = 'ACCEPTED';

CREATE INDEX messages_in_flight ON messages (connector) WHERE status = 'TRANSMITTED';

-- Reload lock: one row per (account, text+recipient fingerprint) while the lock lasts.
CREATE TABLE reload_locks (
    account_id   BIGINT NOT NULL,
    fingerprint  TEXT   NOT NULL,
    expires_at   BIGINT NOT NULL,
    PRIMARY KEY (account_id, fingerprint)
);

-- Messages per recipient and day, for the account's daily limit.
CREATE TABLE daily_counts (
    account_id  BIGINT  NOT NULL,
    recipient   TEXT    NOT NULL,
    day         TEXT    NOT NULL,
    sent        INTEGER NOT NULL,
    PRIMARY KEY (account_id, recipient, day)
);

-- Nonces of signed requests, kept while their timestamp could still pass the freshness check.
CREATE TABLE request_nonces (
    account_id  BIGINT NOT NULL,
    nonce       TEXT   NOT NULL,
    expires_at  BIGINT NOT NULL,
    PRIMARY KEY (account_id, nonce)
);

-- What the sandbox SMSC received: one row per submit, written in the transaction that records the submit.
CREATE TABLE sandbox_submits (
    id            ${append_pk},
    message_id    BIGINT  NOT NULL,
    recipient     TEXT    NOT NULL,
    parts         INTEGER NOT NULL,
    submitted_at  BIGINT  NOT NULL
);

