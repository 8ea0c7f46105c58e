package io.ringway.inbound;

import io.ringway.store.Dialect;
import io.ringway.store.Sql;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Parts of concatenated SMS in the store ({@code inbound_parts}) until all of them are there. Every method runs inside
 * the caller's write transaction, so a part is stored, or the whole message stored and its parts deleted, together
 * with whatever else that transaction writes (the message row, its event).
 */
final class Parts {
    /** What the parts of one concatenated SMS have in common. */
    record Key(String connector, String sender, String recipient, int reference, int total) {
        /** Stable across JVMs (a record's own hashCode is not specified), for a lock all nodes agree on. */
        int lockId() { return Objects.hash(connector, sender, recipient, reference, total); }
    }

    /** One stored part: its sequence number, data_coding and user data without the UDH. */
    record Part(int seq, int dataCoding, byte[] octets, long receivedAt) {}

    /** Advisory lock class of inbound reassembly on PostgreSQL (two-key locks never meet one-key locks). */
    private static final int LOCK_CLASS = 0x1B0D;
    private static final String KEY = "connector = ? AND sender = ? AND recipient = ? AND reference = ? AND total = ?";

    private final long duplicateWindowMillis;

    /** {@code duplicateWindowMillis}: how long after assembly a part sent again is still recognised as a duplicate. */
    Parts(long duplicateWindowMillis) { this.duplicateWindowMillis = duplicateWindowMillis; }

    /**
     * Stores a part; when it was the last one missing, takes all of them out again and returns the whole message.
     * Null while parts are missing, and for a part that is already stored or already in an assembled message (the SMSC
     * sent it again because our acknowledgement got lost).
     */
    Arrival add(Sql sql, Key key, Part part, long now) throws SQLException {
        lock(sql, key);
        if (alreadyAssembled(sql, key, part, now)) return null;
        int stored = sql.update("INSERT INTO inbound_parts (connector, sender, recipient, reference, total, seq, data_coding, payload, "
                        + "received_at, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                key.connector(), key.sender(), key.recipient(), key.reference(), key.total(), part.seq(), part.dataCoding(),
                HexFormat.of().formatHex(part.octets()), part.receivedAt(), now);
        if (stored == 0) return null;
        Long have = sql.queryLong("SELECT COUNT(*) FROM inbound_parts WHERE " + KEY,
                key.connector(), key.sender(), key.recipient(), key.reference(), key.total());
        if (have == null || have < key.total()) return null;
        return join(key, take(sql, key));
    }

    /** Keys with a part stored at or before {@code cutoff}: concatenated SMS that waited too long for the rest. */
    List<Key> overdue(Sql sql, long cutoff, int limit) throws SQLException {
        List<Key> out = new ArrayList<>();
        try (ResultSet rs = sql.bind("SELECT DISTINCT connector, sender, recipient, reference, total FROM inbound_parts "
                + "WHERE stored_at <= ? LIMIT ?", cutoff, limit).executeQuery()) {
            while (rs.next()) out.add(new Key(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5)));
        }
        return out;
    }

    /** What arrived of an overdue SMS, joined with the missing parts marked; null when another node took it first. */
    Arrival takeIncomplete(Sql sql, Key key) throws SQLException {
        lock(sql, key);
        List<Part> parts = take(sql, key);
        return parts.isEmpty() ? null : join(key, parts);
    }

    /**
     * On PostgreSQL two nodes could each store one of the last two parts and each, not seeing the other's uncommitted
     * part, wait forever for it. A transaction-scoped lock per message makes the second see the first. (SQLite has one
     * writer, which does the same.)
     */
    private static void lock(Sql sql, Key key) throws SQLException {
        if (sql.dialect() != Dialect.POSTGRES) return;
        try (ResultSet ignored = sql.bind("SELECT pg_advisory_xact_lock(?, ?)", LOCK_CLASS, key.lockId()).executeQuery()) {
            // locked until the transaction ends
        }
    }

    /** The deleting statement returns the rows: whoever deletes them owns them, also with several nodes. */
    private static List<Part> take(Sql sql, Key key) throws SQLException {
        List<Part> parts = new ArrayList<>();
        try (ResultSet rs = sql.bind("DELETE FROM inbound_parts WHERE " + KEY + " RETURNING seq, data_coding, payload, received_at",
                key.connector(), key.sender(), key.recipient(), key.reference(), key.total()).executeQuery()) {
            while (rs.next()) parts.add(new Part(rs.getInt(1), rs.getInt(2), HexFormat.of().parseHex(rs.getString(3)), rs.getLong(4)));
        }
        parts.sort(Comparator.comparingInt(Part::seq));
        return parts;
    }

    /**
     * Whether this part is in a message assembled within the window: same sender, receiver, reference and total, and
     * the same content at this position. Comparing the content keeps a new message that reuses the reference (an
     * 8-bit one comes round after 256 messages) from being taken for a duplicate.
     */
    private boolean alreadyAssembled(Sql sql, Key key, Part part, long now) throws SQLException {
        String digest = digest(part);
        try (ResultSet rs = sql.bind("SELECT part_digests FROM inbound_messages WHERE recipient = ? AND sender = ? AND concat_ref = ? "
                        + "AND concat_total = ? AND connector = ? AND created_at >= ?",
                key.recipient(), key.sender(), key.reference(), key.total(), key.connector(), now - duplicateWindowMillis).executeQuery()) {
            while (rs.next()) {
                String[] digests = rs.getString(1).split(",", -1);
                if (part.seq() <= digests.length && digests[part.seq() - 1].equals(digest)) return true;
            }
        }
        return false;
    }

    /**
     * The parts in sequence order as one text. Consecutive parts of one alphabet are decoded together, so a character
     * split between two parts (a GSM escape and its character, the halves of a surrogate pair) comes out whole; a
     * missing part shows as "[part 2 of 3 missing]".
     */
    static Arrival join(Key key, List<Part> parts) {
        StringBuilder text = new StringBuilder();
        StringJoiner missing = new StringJoiner(",");
        StringJoiner digests = new StringJoiner(",");
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        Alphabet runAlphabet = null;
        boolean allBinary = true;
        long receivedAt = Long.MAX_VALUE;
        int next = 0;
        for (int seq = 1; seq <= key.total(); seq++) {
            Part p = next < parts.size() && parts.get(next).seq() == seq ? parts.get(next++) : null;
            Alphabet alphabet = p == null ? null : Alphabet.of(p.dataCoding());
            if (runAlphabet != null && alphabet != runAlphabet) {
                text.append(runAlphabet.decode(run.toByteArray()));
                run.reset();
                runAlphabet = null;
            }
            if (p == null) {
                text.append("[part ").append(seq).append(" of ").append(key.total()).append(" missing]");
                missing.add(Integer.toString(seq));
                digests.add("");
                continue;
            }
            runAlphabet = alphabet;
            run.writeBytes(p.octets());
            allBinary &= alphabet.binary();
            receivedAt = Math.min(receivedAt, p.receivedAt());
            digests.add(digest(p));
        }
        if (runAlphabet != null) text.append(runAlphabet.decode(run.toByteArray()));
        String absent = missing.length() == 0 ? null : missing.toString();
        return new Arrival(key.connector(), key.sender(), key.recipient(), text.toString(), allBinary, parts.get(0).dataCoding(),
                key.total(), absent, key.reference(), key.total(), digests.toString(), receivedAt);
    }

    /** The first 8 octets of SHA-256 over data_coding and user data, in hex: enough to tell a part from another. */
    static String digest(Part p) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.allocate(4).putInt(p.dataCoding()).array());
            return HexFormat.of().formatHex(Arrays.copyOf(sha.digest(p.octets()), 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
