package io.ringway.call;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** A call's script from what the API received, and that input in the form the calls table keeps. */
final class Scripts {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Scripts() {}

    static CallScript parse(String kind, String source, Map<String, String> menu, int menuTimeoutSeconds) throws ScriptException {
        return switch (kind) {
            case CallRequest.TEXT -> CallScript.textOrSsml(source);
            case CallRequest.XML -> CallScript.xml(source);
            case CallRequest.MENU -> CallScript.menu(source, menu == null ? Map.of() : menu, menuTimeoutSeconds);
            default -> throw new IllegalArgumentException("no script kind " + kind);
        };
    }

    /** Text and XML as given; a menu as {@code {"message": …, "dtmf": {key: reply}}}. */
    static String stored(String kind, String source, Map<String, String> menu) {
        if (!CallRequest.MENU.equals(kind)) return source;
        ObjectNode o = JSON.createObjectNode().put("message", source);
        ObjectNode keys = o.putObject("dtmf");
        if (menu != null) menu.forEach(keys::put);
        return o.toString();
    }

    /** The script of a stored call (parsed again: the stored form is the customer's own). */
    static CallScript of(Call c, int menuTimeoutSeconds) throws ScriptException {
        if (!CallRequest.MENU.equals(c.scriptKind())) return parse(c.scriptKind(), c.script(), null, menuTimeoutSeconds);
        try {
            JsonNode o = JSON.readTree(c.script());
            Map<String, String> menu = new LinkedHashMap<>();
            o.path("dtmf").properties().forEach(e -> menu.put(e.getKey(), e.getValue().asText()));
            return parse(CallRequest.MENU, o.path("message").asText(), menu, menuTimeoutSeconds);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored menu of call " + c.id() + " is unreadable", e);
        }
    }
}
