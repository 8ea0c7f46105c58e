package io.ringway.carrier.sip;

import io.ringway.carrier.ConnectorUrl;

import java.util.Locale;
import java.util.Set;

/**
 * One SIP trunk (a carrier's SIP service or a PBX) as the operator describes it: a URL,
 * {@code sip://USER:PASSWORD@HOST:PORT?option=value&…}, the same on the command line ({@code --sip}) and in the YAML
 * file. Every option and its default is listed in docs/sip.md.
 */
public record SipTrunk(
        String name,
        String host,
        int port,
        String transport,
        String user,
        String password,
        String fromDomain,
        boolean assertIdentity,
        int maxCalls,
        int callsPerSecond) {

    private static final Set<String> OPTIONS = Set.of("name", "transport", "from_domain", "pai", "max_calls", "cps");

    /** Parses a trunk URL; {@code fallbackName} names it when the URL does not. */
    public static SipTrunk parse(String url, String fallbackName) {
        ConnectorUrl u = ConnectorUrl.parse(url, "SIP trunk", Set.of("sip"), OPTIONS);
        String transport = u.text("transport", "udp").toLowerCase(Locale.ROOT);
        if (!transport.equals("udp") && !transport.equals("tcp")) throw new IllegalArgumentException("transport must be udp or tcp, not " + transport);
        return new SipTrunk(u.text("name", fallbackName), u.host(), u.port(5060), transport, u.user(), u.password(),
                u.text("from_domain", u.host()), u.bool("pai", false), u.integer("max_calls", 100, 1, 100_000), u.integer("cps", 10, 0, 10_000));
    }

    /** The URL without the password, for logs and the status API. */
    public String display() {
        return "sip://" + (user.isEmpty() ? "" : user + "@") + host + ":" + port + "?transport=" + transport;
    }
}
