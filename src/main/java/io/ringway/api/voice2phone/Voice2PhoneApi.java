package io.ringway.api.voice2phone;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringway.account.Account;
import io.ringway.account.Accounts;
import io.ringway.call.Call;
import io.ringway.call.CallAcceptance;
import io.ringway.call.CallRequest;
import io.ringway.call.Calls;
import io.ringway.call.Switchboard;
import io.ringway.http.Exchange;
import io.ringway.http.Router;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Voice2Phone outbound call API: {@code POST /call} and {@code GET /call/{id}}, JSON only, HTTP Basic auth with
 * the API key as user name. Field names are matched without regard to case, and the document's own example (keys
 * without quotes) is accepted. Errors are {@code {"Message": …}} with the document's status codes; docs/voice2phone.md.
 */
public final class Voice2PhoneApi {
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES, JsonReadFeature.ALLOW_SINGLE_QUOTES,
                    JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final Accounts accounts;
    private final Calls calls;
    private final Switchboard switchboard;
    private final RateLimit limit;

    private Voice2PhoneApi(Accounts accounts, Calls calls, Switchboard switchboard, RateLimit limit) {
        this.accounts = accounts;
        this.calls = calls;
        this.switchboard = switchboard;
        this.limit = limit;
    }

    /** Registers the routes; each account may make {@code requestsPerSecond} requests (bursts of twice that), then gets 429. */
    public static void register(Router router, Accounts accounts, Calls calls, Switchboard switchboard, double requestsPerSecond, Clock clock) {
        Voice2PhoneApi api = new Voice2PhoneApi(accounts, calls, switchboard, new RateLimit(requestsPerSecond, clock));
        router.add("POST", "/call", api::place);
        router.add("GET", "/call/{id}", api::status);
    }

    private void place(Exchange ex) {
        Account account = authenticate(ex);
        if (account == null) return;
        JsonNode body;
        try {
            body = LENIENT.readTree(ex.body());
        } catch (IOException e) {
            error(ex, 400, "The body is not valid JSON: " + firstLine(e.getMessage()));
            return;
        }
        if (body == null || !body.isObject()) {
            error(ex, 400, "The body must be a JSON object with Phone and Message.");
            return;
        }
        JsonNode phone = field(body, "Phone");
        String number = text(field(phone, "Number")), country = text(field(phone, "CountryCode")), message = text(field(body, "Message"));
        if (number == null || number.isBlank()) { error(ex, 400, "Phone.Number is required."); return; }
        if (country == null || !country.strip().matches("[A-Za-z]{2}") || !Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2)
                .contains(country.strip().toUpperCase(Locale.ROOT))) {
            error(ex, 400, "Phone.CountryCode must be an ISO 3166 alpha-2 code such as US, CA or GB.");
            return;
        }
        if (message == null || message.isBlank()) { error(ex, 400, "Message is required."); return; }
        Map<String, String> menu = new LinkedHashMap<>();
        JsonNode dtmf = field(body, "Dtmf");
        if (dtmf != null && !dtmf.isNull()) {
            if (!dtmf.isObject()) { error(ex, 400, "Dtmf must map keys to messages, such as {\"1\": \"Thank you\"}."); return; }
            for (Iterator<Map.Entry<String, JsonNode>> it = dtmf.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().matches("[0-9*#]")) { error(ex, 400, "Dtmf key \"" + e.getKey() + "\" is not one of 0-9, * and #."); return; }
                if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) { error(ex, 400, "Dtmf \"" + e.getKey() + "\" needs a message to play."); return; }
                menu.put(e.getKey(), e.getValue().asText());
            }
        }
        CallAcceptance a = calls.accept(account, new CallRequest(CallRequest.VOICE2PHONE, number.strip(), country.strip().toUpperCase(Locale.ROOT),
                null, CallRequest.MENU, message, menu, null, null, null, false));
        if (!a.accepted()) {
            switch (a.refusal()) {
                case INSUFFICIENT_CREDIT -> error(ex, 402, "The balance does not cover the first minute of this call.");
                case INVALID_RECIPIENT -> error(ex, 400, "Phone.Number is not a valid number for " + country.strip().toUpperCase(Locale.ROOT) + ".");
                case TEXT_TOO_LONG -> error(ex, 400, "Message is too long (at most " + Calls.MAX_TEXT + " characters).");
                case INVALID_CALLER_ID -> error(ex, 402, "The account has no caller ID to call from.");
                default -> error(ex, 400, a.detail() != null ? a.detail() : a.refusal().text());
            }
            return;
        }
        switchboard.place(a.call());
        ObjectNode reply = LENIENT.createObjectNode().put("CallId", a.call().uuid());
        json(ex, 200, reply);
    }

    private void status(Exchange ex) {
        Account account = authenticate(ex);
        if (account == null) return;
        Optional<Call> found = calls.findByUuid(account.id(), ex.pathParam("id").strip().toLowerCase(Locale.ROOT));
        if (found.isEmpty()) {
            error(ex, 404, "No call " + ex.pathParam("id") + ".");
            return;
        }
        Call c = found.get();
        ObjectNode reply = LENIENT.createObjectNode();
        reply.put("CallId", c.uuid());
        reply.put("Status", c.v2pStatus());
        reply.put("StatusName", statusName(c));
        reply.put("CreatedDateUtc", UTC.format(Instant.ofEpochMilli(c.createdAt())));
        reply.put("UpdatedDateUtc", UTC.format(Instant.ofEpochMilli(c.updatedAt())));
        if (c.dtmf() == null) reply.putNull("Dtmf");
        else reply.put("Dtmf", c.dtmf());
        reply.put("Duration", c.durationSeconds());
        json(ex, 200, reply);
    }

    private static String statusName(Call c) {
        if (c.v2pStatus() == io.ringway.call.CallStatus.V2P_BUSY) return "Busy";
        return switch (c.status()) {
            case INITIATED -> "Queued";
            case RINGING -> "Ringing";
            case IN_PROGRESS -> "InProgress";
            case COMPLETED -> "Completed";
            case NO_ANSWER -> "NoAnswer";
            case FAILED -> "Failed";
        };
    }

    /** Basic auth with the key as user name (any password), or the bare key, as the document's header example shows. */
    private Account authenticate(Exchange ex) {
        String auth = ex.header("Authorization");
        Optional<Account> account = Optional.empty();
        if (auth != null && !auth.isBlank()) {
            String value = auth.strip();
            if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
                String credentials = value.substring(6).strip();
                try {
                    String decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
                    int colon = decoded.indexOf(':');
                    account = accounts.authenticate(colon < 0 ? decoded : decoded.substring(0, colon));
                } catch (IllegalArgumentException notBase64) {
                    account = accounts.authenticate(credentials);
                }
            } else {
                account = accounts.authenticate(value);
            }
        }
        if (account.isEmpty()) {
            ex.header("WWW-Authenticate", "Basic realm=\"Voice2Phone\"");
            error(ex, 401, "No valid API key provided.");
            return null;
        }
        if (!limit.allow(account.get().id())) {
            ex.header("Retry-After", "1");
            error(ex, 429, "Too many requests hit the API too quickly.");
            return null;
        }
        return account.get();
    }

    /** The object's member whose name equals {@code name} ignoring case. */
    private static JsonNode field(JsonNode o, String name) {
        if (o == null || !o.isObject()) return null;
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String n = it.next();
            if (n.equalsIgnoreCase(name)) return o.get(n);
        }
        return null;
    }

    private static String text(JsonNode n) { return n == null || n.isNull() || n.isContainerNode() ? null : n.asText(); }

    private static String firstLine(String s) { return s == null ? "" : s.lines().findFirst().orElse(""); }

    private static void error(Exchange ex, int status, String message) {
        json(ex, status, LENIENT.createObjectNode().put("Message", message));
    }

    private static void json(Exchange ex, int status, JsonNode node) {
        try {
            ex.json(status, LENIENT.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize a reply", e);
        }
    }
}
