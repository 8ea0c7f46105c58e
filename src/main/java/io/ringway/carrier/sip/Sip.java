package io.ringway.carrier.sip;

import io.ringway.carrier.VoiceConnector;

import java.util.List;

/** Outbound calls over SIP trunks (docs/sip.md). */
public final class Sip {
    private Sip() {}

    /**
     * Where Ringway's SIP side lives: the address it listens on and puts in Via, Contact and SDP, its SIP port (UDP
     * and TCP), the port range its RTP streams take even ports from, the trunks in failover order, and when to listen
     * for in-band key tones.
     */
    public record Options(String host, int port, int rtpPortMin, int rtpPortMax, List<SipTrunk> trunks, InBandKeys inBandKeys) {
        public Options(String host, int port, int rtpPortMin, int rtpPortMax, List<SipTrunk> trunks) {
            this(host, port, rtpPortMin, rtpPortMax, trunks, InBandKeys.AUTO);
        }
    }

    /** When the audio a callee sends is searched for key tones. */
    public enum InBandKeys {
        /** When the callee's SDP offers no RFC 4733 telephone-events. */
        AUTO,
        ALWAYS,
        NEVER
    }

    /** A connector that places calls on {@code options}' trunks; its SIP stack listens from now on. */
    public static VoiceConnector connector(Options options) {
        return new SipConnector(options);
    }
}
