package io.ringway.message;

import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/** The sms77 rules for the simple parameters, each refusing with the code or message the documents give. */
final class SmsRules {
    static final int MAX_TEXT = 1520;
    static final int MAX_TTL_MINUTES = 43_200;
    private static final Pattern NUMERIC_SENDER = Pattern.compile("\\+?\\d{1,16}");
    private static final Pattern ALPHA_SENDER = Pattern.compile("[A-Za-z0-9 .\\-_&@+!#/']{1,11}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9.\\-_@]+");
    private static final Pattern FILE_NAME = Pattern.compile("[^\\[\\]/\\\\\\x00-\\x1f]{1,100}");

    private SmsRules() {}

    /** True if the sender is 1–16 digits (optionally after '+') or 1–11 alphanumerics. */
    static boolean validSender(String from) {
        return NUMERIC_SENDER.matcher(from).matches() || ALPHA_SENDER.matcher(from).matches() && !from.isBlank();
    }

    static void checkLabel(String name, String value, int max) {
        if (value == null) return;
        if (value.length() > max || !LABEL.matcher(value).matches()) {
            throw new InvalidParameter(name + " must be 1-" + max + " characters of a-z A-Z 0-9 . - _ @");
        }
    }

    static int ttlMinutes(String raw, int defaultTtl) {
        if (raw == null || raw.isBlank()) return defaultTtl;
        try {
            int ttl = Integer.parseInt(raw.strip());
            if (ttl >= 1 && ttl <= MAX_TTL_MINUTES) return ttl;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidParameter("ttl must be a number of minutes from 1 to " + MAX_TTL_MINUTES);
    }

    static void checkFiles(List<SmsRequest.Attachment> files, String text) {
        if (files == null) return;
        if (files.size() > 10) throw new InvalidParameter("files: at most 10 attachments");
        for (int i = 0; i < files.size(); i++) {
            SmsRequest.Attachment f = files.get(i);
            String at = "files[" + i + "]";
            if (f.name() == null || !FILE_NAME.matcher(f.name()).matches()) throw new InvalidParameter(at + ".name must be a file name of 1-100 characters");
            if (f.contents() == null || f.contents().isEmpty()) throw new InvalidParameter(at + ".contents is missing");
            try {
                byte[] data = Base64.getMimeDecoder().decode(f.contents());
                if (data.length > 10 * 1024 * 1024) throw new InvalidParameter(at + ".contents is larger than 10 MiB");
            } catch (IllegalArgumentException e) {
                throw new InvalidParameter(at + ".contents is not base64");
            }
            if (f.validity() != null && !f.validity().matches("\\d{1,3}")) throw new InvalidParameter(at + ".validity must be a number of days");
            if (f.password() != null && f.password().length() > 100) throw new InvalidParameter(at + ".password is longer than 100 characters");
            if (text == null || !text.contains("[[" + f.name() + "]]")) throw new InvalidParameter(at + ": the text has no placeholder [[" + f.name() + "]]");
        }
    }
}
