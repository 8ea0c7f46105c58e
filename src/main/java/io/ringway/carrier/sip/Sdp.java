package io.ringway.carrier.sip;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SDP Ringway offers (RFC 3264: G.711 µ-law and A-law, RFC 4733 telephone-events, 20 ms frames) and what it reads
 * from an answer: where to send the audio, which of the two codecs the callee chose, and the telephone-event payload
 * type. Only what a G.711 call needs is read; other lines are ignored, as RFC 4566 asks of unknown attributes.
 */
final class Sdp {
    static final int PCMU = 0;
    static final int PCMA = 8;
    static final int TELEPHONE_EVENT = 101;

    /** What the other side's description says about the audio stream. */
    record Media(InetSocketAddress address, int audioPayloadType, int telephoneEventPayloadType) {}

    private Sdp() {}

    /** Our offer: both G.711 laws (µ-law preferred) and telephone-events on {@code port}. */
    static String offer(String localIp, int port, long sessionId, long version) {
        return describe(localIp, port, sessionId, version, List.of(PCMU, PCMA), TELEPHONE_EVENT);
    }

    /** Our answer to a re-offer: the codec and telephone-event type the call already uses. */
    static String answer(String localIp, int port, long sessionId, long version, int audioPayloadType, int telephoneEventPayloadType) {
        return describe(localIp, port, sessionId, version, List.of(audioPayloadType), telephoneEventPayloadType);
    }

    private static String describe(String ip, int port, long sessionId, long version, List<Integer> audio, int telephoneEvent) {
        StringBuilder m = new StringBuilder("m=audio ").append(port).append(" RTP/AVP");
        for (int pt : audio) m.append(' ').append(pt);
        if (telephoneEvent >= 0) m.append(' ').append(telephoneEvent);
        StringBuilder s = new StringBuilder()
                .append("v=0\r\n")
                .append("o=ringway ").append(sessionId).append(' ').append(version).append(" IN IP4 ").append(ip).append("\r\n")
                .append("s=ringway\r\n")
                .append("c=IN IP4 ").append(ip).append("\r\n")
                .append("t=0 0\r\n")
                .append(m).append("\r\n");
        for (int pt : audio) s.append("a=rtpmap:").append(pt).append(pt == PCMU ? " PCMU/8000" : " PCMA/8000").append("\r\n");
        if (telephoneEvent >= 0) {
            s.append("a=rtpmap:").append(telephoneEvent).append(" telephone-event/8000\r\n");
            s.append("a=fmtp:").append(telephoneEvent).append(" 0-16\r\n");
        }
        return s.append("a=ptime:20\r\n").append("a=sendrecv\r\n").toString();
    }

    /**
     * Reads the audio stream of an answer (or an offer): the first G.711 format the other side listed, the
     * telephone-event type it mapped, and the connection address (the media line's, else the session's).
     *
     * @throws IllegalArgumentException when it has no audio stream we can send, with the reason
     */
    static Media read(String sdp) {
        String sessionHost = null, mediaHost = null;
        int port = -1;
        List<Integer> formats = new ArrayList<>();
        Map<Integer, String> rtpmap = new HashMap<>();
        boolean inAudio = false, seenAudio = false;
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.strip();
            if (line.length() < 2 || line.charAt(1) != '=') continue;
            char type = line.charAt(0);
            String value = line.substring(2).strip();
            if (type == 'm') {
                inAudio = false;
                String[] f = value.split("\\s+");
                if (!seenAudio && f.length >= 3 && f[0].equalsIgnoreCase("audio") && f[2].toUpperCase(Locale.ROOT).startsWith("RTP/AVP")) {
                    inAudio = seenAudio = true;
                    port = parseInt(f[1].split("/")[0], -1);
                    for (int i = 3; i < f.length; i++) formats.add(parseInt(f[i], -1));
                }
            } else if (type == 'c') {
                String[] f = value.split("\\s+");
                if (f.length >= 3 && f[0].equals("IN") && f[1].equals("IP4")) {
                    String host = f[2].split("/")[0];
                    if (inAudio) mediaHost = host;
                    else if (!seenAudio) sessionHost = host;
                }
            } else if (type == 'a' && inAudio && value.startsWith("rtpmap:")) {
                String[] f = value.substring(7).split("\\s+", 2);
                if (f.length == 2) rtpmap.put(parseInt(f[0], -1), f[1].strip().toLowerCase(Locale.ROOT));
            }
        }
        if (!seenAudio) throw new IllegalArgumentException("no RTP audio stream in the SDP");
        if (port <= 0 || port > 65535) throw new IllegalArgumentException("the audio stream was refused (port " + port + ")");
        String host = mediaHost != null ? mediaHost : sessionHost;
        if (host == null) throw new IllegalArgumentException("no IPv4 connection address in the SDP");
        int audio = -1, events = -1;
        for (int pt : formats) {
            String map = rtpmap.get(pt);
            boolean pcmu = map != null ? map.startsWith("pcmu/8000") : pt == PCMU;
            boolean pcma = map != null ? map.startsWith("pcma/8000") : pt == PCMA;
            if (audio < 0 && (pcmu || pcma)) audio = pcmu ? PCMU : PCMA;
            // RFC 4733 events need a dynamic payload type; a static one would be some other codec's.
            if (events < 0 && map != null && map.startsWith("telephone-event/8000") && pt >= 96 && pt <= 127) events = pt;
        }
        if (audio < 0) throw new IllegalArgumentException("no G.711 codec (PCMU or PCMA) in the answer: " + formats);
        return new Media(new InetSocketAddress(host, port), audio, events);
    }

    private static int parseInt(String s, int fallback) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
