package io.ringway.carrier.smpp;

import io.ringway.message.MessageStatus;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Delivery receipts in the two forms SMSCs send: the receipted_message_id and message_state TLVs (SMPP 3.4 §5.3.2),
 * or the text of Appendix B ({@code id:… sub:… dlvrd:… submit date:… done date:… stat:… err:… text:…}), which
 * many SMSCs send alone. TLVs win where both are present.
 */
final class Receipts {
    /** A receipt: the SMSC's id of the part (normalized, see {@link #normalize}), its state as sms77 names it, and the SMSC's words. */
    record Receipt(String smscId, MessageStatus status, String stat, String err) {}

    private static final Pattern ID = Pattern.compile("(?i)\\bid:(\\S+)");
    private static final Pattern STAT = Pattern.compile("(?i)\\bstat:(\\S+)");
    private static final Pattern ERR = Pattern.compile("(?i)\\berr:(\\S+)");

    private Receipts() {}

    /** Whether a deliver_sm is a receipt (SMSC delivery receipt or intermediate notification), not an inbound SMS. */
    static boolean isReceipt(DeliverSm d) {
        int type = d.getEsmClass() & 0x3C;
        return type == 0x04 || type == 0x20;
    }

    /** The receipt in {@code d}, or null when it names no message id. */
    static Receipt parse(DeliverSm d, SmppSettings.IdFormat idFormat) {
        String text = d.getShortMessage() == null ? "" : new String(d.getShortMessage(), StandardCharsets.ISO_8859_1);
        if (text.isEmpty()) {
            OptionalParameter payload = d.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD);
            if (payload instanceof OptionalParameter.OctetString o) text = new String(o.getValue(), StandardCharsets.ISO_8859_1);
        }
        String id = null;
        String stat = find(STAT, text);
        String err = find(ERR, text);
        if (d.getOptionalParameter(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID) instanceof OptionalParameter.COctetString r) {
            id = r.getValueAsString();
        }
        if (d.getOptionalParameter(OptionalParameter.Tag.MESSAGE_STATE) instanceof OptionalParameter.Byte state) {
            stat = stateName(state.getValue());
        }
        if (id == null || id.isBlank()) id = find(ID, text);
        if (id == null || id.isBlank()) return null;
        return new Receipt(normalize(id, idFormat), status(stat), stat, err);
    }

    /**
     * One spelling for an SMSC message id, so the id of a submit_sm_resp and the id in its receipt compare equal even
     * when the SMSC writes them differently: HEX and DEC become the decimal value, STRING is lower-cased without
     * leading zeros. An id that does not parse in the configured form is kept as a string.
     */
    static String normalize(String id, SmppSettings.IdFormat format) {
        String s = id.strip();
        try {
            return switch (format) {
                case HEX -> new BigInteger(s, 16).toString();
                case DEC -> new BigInteger(s, 10).toString();
                case STRING -> plain(s);
            };
        } catch (NumberFormatException e) {
            return plain(s);
        }
    }

    private static String plain(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < lower.length() - 1 && lower.charAt(i) == '0') i++;
        return lower.substring(i);
    }

    /** sms77's status for a receipt's stat (Appendix B names; Kannel's mapping for the intermediate ones). */
    static MessageStatus status(String stat) {
        if (stat == null) return null;
        return switch (stat.toUpperCase(Locale.ROOT)) {
            case "DELIVRD", "DELIVERED" -> MessageStatus.DELIVERED;
            case "EXPIRED" -> MessageStatus.EXPIRED;
            case "DELETED", "REJECTD", "REJECTED" -> MessageStatus.REJECTED;
            case "UNDELIV", "UNDELIVERABLE" -> MessageStatus.NOTDELIVERED;
            case "ENROUTE", "ACCEPTD", "ACCEPTED" -> MessageStatus.BUFFERED;
            default -> null;
        };
    }

    /** message_state TLV values (SMPP 3.4 §5.2.28) as the stat words of the text form. */
    private static String stateName(byte state) {
        return switch (state) {
            case 1 -> "ENROUTE";
            case 2 -> "DELIVRD";
            case 3 -> "EXPIRED";
            case 4 -> "DELETED";
            case 5 -> "UNDELIV";
            case 6 -> "ACCEPTD";
            case 8 -> "REJECTD";
            default -> "UNKNOWN";
        };
    }

    private static String find(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
