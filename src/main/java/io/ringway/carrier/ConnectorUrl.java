package io.ringway.carrier;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A connector as an operator writes it on the command line and in YAML: {@code scheme://USER:PASSWORD@HOST:PORT?option=value&…}
 * (SMPP connectors, SIP trunks). Unknown options, options given twice and out-of-range values are refused with the
 * option named, so a typo stops the start instead of being ignored. A {@code +} in a value stays a {@code +}
 * ({@code bind=tx+rx}); {@code %XX} is decoded.
 */
public final class ConnectorUrl {
    private final URI uri;
    private final String what;
    private final String user;
    private final String password;
    private final Map<String, String> options;

    private ConnectorUrl(URI uri, String what, String user, String password, Map<String, String> options) {
        this.uri = uri;
        this.what = what;
        this.user = user;
        this.password = password;
        this.options = options;
    }

    /**
     * Parses {@code url}; {@code what} names the kind in messages ("SMPP", "SIP trunk"), {@code schemes} are the
     * accepted schemes and {@code known} the accepted options.
     */
    public static ConnectorUrl parse(String url, String what, Set<String> schemes, Set<String> known) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a valid " + what + " URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme)) {
            throw new IllegalArgumentException(what + " URLs start with " + String.join(" or ", schemes.stream().sorted().map(s -> s + "://").toList()));
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) throw new IllegalArgumentException("the " + what + " URL names no host");
        String userInfo = uri.getRawUserInfo();
        String user = "", password = "";
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        }
        Map<String, String> q = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String key = literalPlus(eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
                String value = eq < 0 ? "" : literalPlus(pair.substring(eq + 1));
                if (!known.contains(key)) throw new IllegalArgumentException("unknown " + what + " option \"" + key + "\"");
                if (q.put(key, value) != null) throw new IllegalArgumentException(what + " option \"" + key + "\" given twice");
            }
        }
        return new ConnectorUrl(uri, what, user, password, q);
    }

    public String scheme() { return uri.getScheme().toLowerCase(Locale.ROOT); }

    public String host() { return uri.getHost(); }

    /** The port, or {@code fallback} when the URL has none. */
    public int port(int fallback) { return uri.getPort() > 0 ? uri.getPort() : fallback; }

    /** The user name ({@code ""} when the URL has none). */
    public String user() { return user; }

    public String password() { return password; }

    public boolean has(String option) { return options.containsKey(option); }

    public String text(String option, String fallback) { return options.getOrDefault(option, fallback); }

    public int integer(String option, int fallback, int min, int max) {
        String v = options.get(option);
        if (v == null) return fallback;
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", not " + v);
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, not \"" + v + "\"");
        }
    }

    public boolean bool(String option, boolean fallback) {
        String v = options.get(option);
        if (v == null) return fallback;
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException(option + " must be true or false, not \"" + v + "\"");
        };
    }

    @Override
    public String toString() { return what + " " + scheme() + "://" + host(); }

    private static String decode(String s) { return URLDecoder.decode(s, StandardCharsets.UTF_8); }

    private static String literalPlus(String s) { return decode(s.replace("+", "%2B")); }
}
