-- Inbound SMS (mobile-originated, from SMPP deliver_sm). Numbers are stored normalized: E.164 digits without '+'
-- where the text is a possible international number, otherwise the digits as received (short codes).

-- Receiving numbers and who owns them: an inbound SMS belongs to the account that owns the number it was sent to.
CREATE TABLE inbound_numbers (
    number      TEXT   NOT NULL PRIMARY KEY,
    account_id  BIGINT NOT NULL REFERENCES accounts (id),
    created_at  BIGINT NOT NULL
);

-- Complete inbound SMS (or what arrived of one whose parts never all came: missing_parts then lists the absent
-- sequence numbers). account_id is NULL when nobody owns the receiving number and no default account is set: kept,
-- never dropped, but visible to no tenant.
-- concat_ref/concat_total/part_digests: for a concatenated SMS, its reference and part count and a digest of each
-- part in sequence order, so a part the SMSC sends again after the message was assembled is recognised (its ack was
-- lost) instead of starting a new message.
CREATE TABLE inbound_messages (
    id             ${pk},
    account_id     BIGINT REFERENCES accounts (id),
    connector      TEXT    NOT NULL,
    sender         TEXT    NOT NULL,
    recipient      TEXT    NOT NULL,
    text           TEXT    NOT NULL,
    message_type   TEXT    NOT NULL,
    data_coding    INTEGER NOT NULL,
    parts          INTEGER NOT NULL,
    missing_parts  TEXT,
    concat_ref     INTEGER,
    concat_total   INTEGER,
    part_digests   TEXT,
    received_at    BIGINT  NOT NULL,
    created_at     BIGINT  NOT NULL
);
-- The journal lists an account's messages, newest first, optionally within dates.
CREATE INDEX inbound_messages_account ON inbound_messages (account_id, received_at);
-- A late duplicate part looks for the message it was assembled into.
CREATE INDEX inbound_messages_concat ON inbound_messages (recipient, sender, concat_ref) WHERE concat_ref IS NOT NULL;

-- Parts of concatenated SMS until all have arrived: then they become one inbound_messages row and are deleted, in
-- the same transaction. The key makes a part the SMSC resends a no-op. payload is the user data without its UDH, hex.
CREATE TABLE inbound_parts (
    connector    TEXT    NOT NULL,
    sender       TEXT    NOT NULL,
    recipient    TEXT    NOT NULL,
    reference    INTEGER NOT NULL,
    total        INTEGER NOT NULL,
    seq          INTEGER NOT NULL,
    data_coding  INTEGER NOT NULL,
    payload      TEXT    NOT NULL,
    received_at  BIGINT  NOT NULL,
    stored_at    BIGINT  NOT NULL,
    PRIMARY KEY (connector, sender, recipient, reference, total, seq)
);
-- Housekeeping finds the parts that waited too long for the rest.
CREATE INDEX inbound_parts_stored ON inbound_parts (stored_at);
