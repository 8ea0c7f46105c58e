package io.ringway.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Method + path to handler. Paths are exact ({@code /api/sms}) or templates with {@code {name}} segments
 * ({@code /api/voice/{id}/hangup}). Repeated slashes and a trailing slash are ignored, since clients that build
 * URLs by concatenation produce them.
 */
public final class Router {
    private record Template(String[] segments, Map<String, HttpHandler> byMethod) {}

    private final Map<String, Map<String, HttpHandler>> exact = new HashMap<>();
    private final List<Template> templates = new ArrayList<>();

    public Router add(String method, String path, HttpHandler handler) {
        if (path.contains("{")) {
            String[] segments = split(path);
            Template t = templates.stream().filter(x -> String.join("/", x.segments()).equals(String.join("/", segments))).findFirst()
                    .orElseGet(() -> {
                        Template n = new Template(segments, new LinkedHashMap<>());
                        templates.add(n);
                        return n;
                    });
            t.byMethod().put(method, handler);
        } else {
            exact.computeIfAbsent(normalize(path), k -> new LinkedHashMap<>()).put(method, handler);
        }
        return this;
    }

    void route(Exchange ex) throws Exception {
        String path = normalize(ex.path());
        Map<String, HttpHandler> byMethod = exact.get(path);
        if (byMethod == null) {
            String[] segments = split(path);
            for (Template t : templates) {
                Map<String, String> params = match(t.segments(), segments);
                if (params != null) {
                    ex.pathParams(params);
                    byMethod = t.byMethod();
                    break;
                }
            }
        }
        if (byMethod == null) throw new HttpError(404, "no such endpoint: " + ex.path());
        HttpHandler h = byMethod.get(ex.method());
        if (h == null && ex.method().equals("HEAD")) h = byMethod.get("GET");
        if (h == null) {
            ex.header("Allow", String.join(", ", new TreeSet<>(byMethod.keySet())));
            throw new HttpError(405, ex.method() + " is not allowed here; use " + String.join(" or ", new TreeSet<>(byMethod.keySet())));
        }
        h.handle(ex);
    }

    private static Map<String, String> match(String[] template, String[] path) {
        if (template.length != path.length) return null;
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) params.put(t.substring(1, t.length() - 1), path[i]);
            else if (!t.equals(path[i])) return null;
        }
        return params;
    }

    private static String normalize(String path) {
        if (!path.contains("//") && (path.length() <= 1 || !path.endsWith("/"))) return path;
        String p = path.replaceAll("/{2,}", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static String[] split(String path) {
        String p = normalize(path);
        return p.startsWith("/") ? p.substring(1).split("/") : p.split("/");
    }
}
