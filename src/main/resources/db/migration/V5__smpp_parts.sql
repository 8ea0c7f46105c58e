-- The parts an SMPP connector submitted, by the id the SMSC gave each: how a delivery receipt finds its message
-- (also after a restart), and where each part's receipt is kept until all parts of the message have one.
-- smsc_id is normalized (docs/smpp.md); an SMSC may reuse ids after its own restart, so the newest row wins.
CREATE TABLE smpp_parts (
    id           ${append_pk},
    connector    TEXT    NOT NULL,
    smsc_id      TEXT    NOT NULL,
    message_id   BIGINT  NOT NULL,
    part         INTEGER NOT NULL,
    submitted_at BIGINT  NOT NULL,
    stat         TEXT,
    err          TEXT,
    reported_at  BIGINT
);
CREATE INDEX smpp_parts_smsc ON smpp_parts (connector, smsc_id);
CREATE INDEX smpp_parts_message ON smpp_parts (message_id);
