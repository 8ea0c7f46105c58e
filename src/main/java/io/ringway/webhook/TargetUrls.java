package io.ringway.webhook;

import io.ringway.http.PrivateAddresses;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * Which URLs events may be sent to: absolute http(s) URLs whose host is not in a loopback, private, link-local,
 * shared (CGNAT), multicast or unspecified range, so a subscription cannot make Ringway call into the network it
 * runs in. A host name is checked by what it resolves to now; delivery checks again on every connection.
 */
final class TargetUrls {
    private final boolean allowPrivate;

    TargetUrls(boolean allowPrivate) { this.allowPrivate = allowPrivate; }

    /** {@code null} when acceptable, otherwise why not (shown to the user). */
    String problem(String url) {
        if (url == null || url.isBlank()) return "target_url is missing";
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return "target_url is not a valid URL";
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || !uri.isAbsolute()) {
            return "target_url must be an absolute http or https URL";
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) return "target_url has no host";
        // A name that does not resolve now passes: it is checked again before every delivery.
        return resolvesToPrivate(host) ? "target_url points to a private or local address" : null;
    }

    /**
     * Whether {@code host} now resolves to an address subscriptions may not reach (false when private targets are
     * allowed, or the name does not resolve). Deliveries check again in {@link WebhookClient}'s resolver, on the
     * addresses they connect to.
     */
    boolean resolvesToPrivate(String host) {
        if (allowPrivate || host == null) return false;
        try {
            for (InetAddress a : InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host)) {
                if (isPrivate(a)) return true;
            }
            return false;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static boolean isPrivate(InetAddress a) { return PrivateAddresses.isPrivate(a); }
}
