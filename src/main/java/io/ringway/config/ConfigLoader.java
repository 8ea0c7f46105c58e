package io.ringway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the configuration: embedded defaults ({@code ringway-defaults.yml}), then the operator's YAML file, then
 * {@code RINGWAY_*} environment variables, then command-line overrides; validates the result once.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final Map<String, String> env;
    private Path file;
    private final ObjectNode overrides = YAML.createObjectNode();

    private ConfigLoader(Map<String, String> env) { this.env = env; }

    public static ConfigLoader fromEnvironment() { return new ConfigLoader(System.getenv()); }

    public static ConfigLoader withEnvironment(Map<String, String> env) { return new ConfigLoader(Map.copyOf(env)); }

    public ConfigLoader file(Path yaml) { this.file = yaml; return this; }

    /** A value that beats every other source, e.g. {@code set("server.port", "8077")} for {@code --port}. */
    public ConfigLoader set(String dottedKey, String value) {
        ObjectNode node = overrides;
        String[] path = dottedKey.split("\\.");
        for (int i = 0; i < path.length - 1; i++) node = node.withObjectProperty(path[i]);
        node.put(path[path.length - 1], value);
        return this;
    }

    /** A list that beats every other source, e.g. {@code setList("smpp.connectors", urls)} for {@code --smpp}. */
    public ConfigLoader setList(String dottedKey, List<String> values) {
        ObjectNode node = overrides;
        String[] path = dottedKey.split("\\.");
        for (int i = 0; i < path.length - 1; i++) node = node.withObjectProperty(path[i]);
        var array = node.putArray(path[path.length - 1]);
        values.forEach(array::add);
        return this;
    }

    public RingwayConfig load() {
        ObjectNode tree = defaults();
        if (file != null) merge(tree, readFile(file), "");
        applyEnvironment(tree, tree.deepCopy(), "RINGWAY");
        merge(tree, overrides, "");
        RingwayConfig config;
        try {
            config = YAML.treeToValue(tree, RingwayConfig.class);
        } catch (JsonProcessingException e) {
            throw new ConfigException("invalid configuration: " + where(e) + e.getOriginalMessage());
        }
        ConfigValidator.validate(config);
        return config;
    }

    /** The dotted key a binding error is about ({@code "server.port: "}), so the operator knows what to fix. */
    private static String where(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException m) || m.getPath().isEmpty()) return "";
        StringBuilder key = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) key.append(key.isEmpty() ? "" : ".").append(r.getFieldName());
            else if (r.getIndex() >= 0) key.append('[').append(r.getIndex()).append(']');
        }
        return key.isEmpty() ? "" : key + ": ";
    }

    private static ObjectNode defaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("/ringway-defaults.yml")) {
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("embedded defaults unreadable", e);
        }
    }

    private static JsonNode readFile(Path path) {
        if (!Files.isRegularFile(path)) throw new ConfigException("config file not found: " + path);
        try {
            JsonNode node = YAML.readTree(path.toFile());
            if (node == null || node.isMissingNode() || node.isNull()) return YAML.createObjectNode();
            if (!node.isObject()) throw new ConfigException("config file " + path + " must hold a YAML mapping at the top");
            return node;
        } catch (IOException e) {
            throw new ConfigException("config file " + path + " is not valid YAML: " + e.getMessage());
        }
    }

    /** Objects merge key by key; anything else (scalars, lists) replaces. Unknown keys are kept so binding reports them. */
    private static void merge(ObjectNode target, JsonNode source, String where) {
        for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode existing = target.get(e.getKey());
            if (existing instanceof ObjectNode obj && e.getValue().isObject()) merge(obj, e.getValue(), where + e.getKey() + ".");
            else target.set(e.getKey(), e.getValue());
        }
    }

    private static boolean isStringList(JsonNode array) {
        for (JsonNode item : array) if (!item.isTextual()) return false;
        return true;
    }

    /**
     * Every scalar key of the defaults, and every list of strings, can be set from the environment. The defaults tree is walked (not the variable
     * names parsed) because names like SANDBOX_RECEIPT_DELAY_MS cannot be split back into a path unambiguously.
     */
    private void applyEnvironment(ObjectNode target, ObjectNode shape, String prefix) {
        List<String> keys = new ArrayList<>();
        shape.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            String name = prefix + "_" + key.toUpperCase(java.util.Locale.ROOT);
            JsonNode def = shape.get(key);
            if (def.isObject()) {
                applyEnvironment(target.withObjectProperty(key), (ObjectNode) def, name);
            } else if (!def.isArray()) {
                String value = env.get(name);
                if (value != null) target.set(key, TextNode.valueOf(value));
            } else if (isStringList(def) && env.get(name) != null) {
                // Lists of strings (SMPP connector URLs) from one variable, separated by white space.
                var array = target.putArray(key);
                for (String item : env.get(name).strip().split("\\s+")) if (!item.isEmpty()) array.add(item);
            }
        }
    }
}
