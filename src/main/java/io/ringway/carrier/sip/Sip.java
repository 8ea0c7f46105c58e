package io.ringway.carrier.sip;

import io.ringway.carrier.VoiceConnector;

import java.util.List;

/** Outbound calls over SIP trunks (docs/sip.md). */
public final class Sip {
    private Sip() {}

    /**
     * Where Ringway's SIP side lives: the address it listens on and puts in Via, Contact and SDP, its SIP port (UDP
     * and TCP), the port range its RTP streams take even ports from, and the trunks in failover order.
     */
    public record Options(String host, int port, int rtpPortMin, int rtpPortMax, List<SipTrunk> trunks) {}

    /** A connector that places calls on {@code options}' trunks; its SIP stack listens from now on. */
    public static VoiceConnector connector(Options options) {
        return new SipConnector(options);
    }
}
