package io.ringway.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
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

    static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff, second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) // shared address space (CGNAT)
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) || first >= 240; // IETF, reserved
        }
        if (a instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) return true; // unique local fc00::/7
            boolean mapped = true; // ::ffff:a.b.c.d
            for (int i = 0; i < 10; i++) mapped &= b[i] == 0;
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPrivate(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }
}
