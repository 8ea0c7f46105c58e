package io.ringway.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes an RTP stream as a libpcap capture (Ethernet, IPv4, UDP, RTP), the format sipp's {@code play_pcap_audio}
 * replays to the caller's media address: a test makes the audio a phone sends, e.g. in-band DTMF tones.
 */
public final class RtpCapture {
    private RtpCapture() {}

    /** One packet per 20 ms frame of {@code payloadType} (160 bytes of G.711 each), from port 6000 to 6002. */
    public static Path write(List<byte[]> frames, int payloadType) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(24 + frames.size() * (16 + 14 + 20 + 8 + 12 + 160)).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        long micros = 1_700_000_000_000_000L;
        int seq = 1000;
        long timestamp = 160_000;
        for (int i = 0; i < frames.size(); i++) {
            byte[] payload = frames.get(i);
            int udpLength = 8 + 12 + payload.length;
            int ipLength = 20 + udpLength;
            out.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(14 + ipLength).putInt(14 + ipLength);
            ByteBuffer pkt = ByteBuffer.allocate(14 + ipLength).order(ByteOrder.BIG_ENDIAN);
            pkt.put(new byte[] {0, 0x50, (byte) 0xbf, 1, 2, 3, 0, 0x0d, (byte) 0x87, 4, 5, 6}).putShort((short) 0x0800);
            int ipStart = pkt.position();
            pkt.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) i).putShort((short) 0)
                    .put((byte) 64).put((byte) 17).putShort((short) 0).put(new byte[] {127, 0, 0, 1}).put(new byte[] {127, 0, 0, 1});
            pkt.putShort(ipStart + 10, ipChecksum(pkt.array(), ipStart));
            pkt.putShort((short) 6000).putShort((short) 6002).putShort((short) udpLength).putShort((short) 0);
            pkt.put((byte) 0x80).put((byte) ((i == 0 ? 0x80 : 0) | payloadType)).putShort((short) seq++).putInt((int) timestamp).putInt(0x52494e47);
            pkt.put(payload);
            out.put(pkt.array());
            micros += 20_000;
            timestamp += payload.length;
        }
        Path file = Files.createTempFile("rtp", ".pcap");
        Files.write(file, java.util.Arrays.copyOf(out.array(), out.position()));
        return file;
    }

    private static short ipChecksum(byte[] b, int start) {
        int sum = 0;
        for (int i = start; i < start + 20; i += 2) sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
        return (short) ~sum;
    }
}
