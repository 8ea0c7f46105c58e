package io.ringway.api.sms77;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringway.http.Exchange;
import io.ringway.http.HttpError;
import io.ringway.message.SmsRequest;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parameters of an sms77 request, from the query string and from a form or JSON body (all at once, as the
 * protocol allows). Values are decoded as UTF-8 when they are valid UTF-8 and as Windows-1252 otherwise (what old
 * scripts send); {@code utf8=1} forces UTF-8 — that is what the parameter means here. The text {@code undefined}
 * and empty values count as absent, because the JS clients send them for unset options.
 */
final class Params {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Charset LEGACY = Charset.forName("windows-1252");
    private static final java.util.regex.Pattern FILE_FIELD =
            java.util.regex.Pattern.compile("files\\[(\\d{1,3})]\\[(name|contents|validity|password)]");

    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<SmsRequest.Attachment> jsonFiles = new ArrayList<>();

    private Params() {}

    static Params of(Exchange ex) {
        Params p = new Params();
        List<byte[][]> raw = new ArrayList<>();
        String query = ex.rawQuery();
        if (query != null && !query.isEmpty()) splitUrlEncoded(query.getBytes(StandardCharsets.ISO_8859_1), raw);
        JsonNode json = null;
        if (!ex.method().equals("GET") && !ex.method().equals("HEAD")) {
            byte[] body = ex.body();
            String type = ex.contentType() == null ? "" : ex.contentType().toLowerCase(Locale.ROOT);
            if (body.length > 0) {
                if (type.startsWith("application/json") || (type.isEmpty() && looksLikeJson(body))) json = parseJson(body);
                else if (type.isEmpty() || type.startsWith("application/x-www-form-urlencoded") || type.startsWith("text/plain")) splitUrlEncoded(body, raw);
                else throw new HttpError(415, "unsupported content type " + ex.contentType() + "; send a form (application/x-www-form-urlencoded) or JSON");
            }
        }
        boolean forceUtf8 = raw.stream().anyMatch(kv -> "utf8".equals(ascii(kv[0])) && isTrue(ascii(kv[1])));
        for (byte[][] kv : raw) p.add(ascii(kv[0]), decode(kv[1], forceUtf8));
        if (json != null) p.addJson(json);
        return p;
    }

    /** The first present value of the parameter, or {@code null}. */
    String get(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.get(0);
    }

    /** Every present value (repeated parameters, JSON arrays). */
    List<String> all(String name) {
        List<String> v = values.get(name);
        return v == null ? List.of() : v;
    }

    boolean has(String name) { return values.containsKey(name); }

    /** sms77 booleans: 1/0, true/false (also as JSON booleans); absent is false. */
    boolean flag(String name) { return isTrue(get(name)); }

    /** Comma lists and repeated parameters alike, split and trimmed. */
    List<String> list(String name) {
        List<String> out = new ArrayList<>();
        for (String v : all(name)) for (String part : v.split(",")) if (!part.isBlank()) out.add(part.strip());
        return out;
    }

    /** {@code files} as a JSON array of objects or as {@code files[i][field]} form fields; {@code null} when absent. */
    List<SmsRequest.Attachment> files() {
        if (!jsonFiles.isEmpty()) return jsonFiles;
        Map<Integer, Map<String, String>> byIndex = new TreeMap<>();
        for (var e : values.entrySet()) {
            if (!e.getKey().startsWith("files[")) continue; // skips a regex matcher per parameter on every request
            var m = FILE_FIELD.matcher(e.getKey());
            if (m.matches()) byIndex.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new LinkedHashMap<>()).put(m.group(2), e.getValue().get(0));
        }
        if (byIndex.isEmpty()) return has("files") ? List.of(new SmsRequest.Attachment(null, null, null, null)) : null;
        List<SmsRequest.Attachment> out = new ArrayList<>();
        for (Map<String, String> f : byIndex.values()) out.add(new SmsRequest.Attachment(f.get("name"), f.get("contents"), f.get("validity"), f.get("password")));
        return out;
    }

    static boolean isTrue(String v) {
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("on"));
    }

    private void add(String name, String value) {
        if (value == null || value.isEmpty() || value.equals("undefined")) return;
        values.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
    }

    private void addJson(JsonNode root) {
        for (var it = root.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode v = e.getValue();
            if (v.isArray()) {
                for (JsonNode item : v) {
                    if (item.isObject() && e.getKey().equals("files")) jsonFiles.add(attachment(item));
                    else if (item.isValueNode()) add(e.getKey(), scalar(item));
                }
            } else if (v.isValueNode()) {
                add(e.getKey(), scalar(v));
            } else if (v.isObject()) {
                add(e.getKey(), v.toString());
            }
        }
    }

    private static SmsRequest.Attachment attachment(JsonNode f) {
        return new SmsRequest.Attachment(text(f, "name"), text(f, "contents"), text(f, "validity"), text(f, "password"));
    }

    private static String text(JsonNode obj, String field) {
        JsonNode v = obj.get(field);
        return v == null || v.isNull() ? null : scalar(v);
    }

    private static String scalar(JsonNode v) {
        if (v.isNull()) return null;
        if (v.isBoolean()) return v.booleanValue() ? "1" : "0";
        if (v.isBigDecimal() || v.isDouble() || v.isFloat()) return v.decimalValue().stripTrailingZeros().toPlainString();
        return v.asText();
    }

    private static JsonNode parseJson(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) throw new HttpError(400, "the JSON body must be an object of parameters");
            return node;
        } catch (JsonProcessingException e) {
            throw new HttpError(400, "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new HttpError(400, "cannot read the JSON body");
        }
    }

    private static boolean looksLikeJson(byte[] body) {
        for (byte b : body) {
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') continue;
            return b == '{';
        }
        return false;
    }

    private static void splitUrlEncoded(byte[] s, List<byte[][]> out) {
        int start = 0;
        for (int i = 0; i <= s.length; i++) {
            if (i == s.length || s[i] == '&') {
                if (i > start) {
                    int eq = start;
                    while (eq < i && s[eq] != '=') eq++;
                    byte[] name = percentDecode(s, start, eq);
                    byte[] value = eq < i ? percentDecode(s, eq + 1, i) : new byte[0];
                    out.add(new byte[][]{name, value});
                }
                start = i + 1;
            }
        }
    }

    private static byte[] percentDecode(byte[] s, int from, int to) {
        int i0 = from;
        while (i0 < to && s[i0] != '%' && s[i0] != '+') i0++;
        if (i0 == to) return Arrays.copyOfRange(s, from, to); // nothing encoded: most names and many values
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = s[i];
            if (b == '+') {
                out.write(' ');
            } else if (b == '%' && hex(s, i + 1, to) >= 0 && hex(s, i + 2, to) >= 0) {
                out.write(hex(s, i + 1, to) * 16 + hex(s, i + 2, to));
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static int hex(byte[] s, int i, int to) {
        if (i >= to) return -1;
        byte c = s[i];
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    private static boolean isAscii(byte[] b) {
        for (byte x : b) if (x < 0) return false;
        return true;
    }

    private static String ascii(byte[] b) { return new String(b, StandardCharsets.UTF_8); }

    private static String decode(byte[] b, boolean forceUtf8) {
        if (isAscii(b)) return new String(b, StandardCharsets.ISO_8859_1);
        if (forceUtf8) return new String(b, StandardCharsets.UTF_8);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return new String(b, LEGACY);
        }
    }
}
