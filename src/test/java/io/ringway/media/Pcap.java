package io.ringway.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The UDP payloads of a libpcap capture file (the classic format tcpdump and sipp write, either byte order, micro- or
 * nanosecond stamps): Ethernet (with or without an 802.1Q tag), Linux cooked or raw IP frames, IPv4 or IPv6.
 * Frames that are not UDP are skipped; IPv4 fragments other than the first are too.
 */
final class Pcap {
    private static final int LINK_ETHERNET = 1, LINK_RAW = 101, LINK_LINUX_SLL = 113;
    private static final int UDP = 17;

    private Pcap() {}

    static List<byte[]> udpPayloads(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int magic = in.getInt(0);
        if (magic == 0xD4C3B2A1 || magic == 0x4D3CB2A1) in.order(ByteOrder.BIG_ENDIAN);
        else if (magic != 0xA1B2C3D4 && magic != 0xA1B23C4D) throw new IOException(file + ": not a libpcap file");
        int link = in.getInt(20);
        List<byte[]> out = new ArrayList<>();
        for (int at = 24; at + 16 <= in.limit(); ) {
            int captured = in.getInt(at + 8);
            int frame = at + 16;
            at = frame + captured;
            if (at > in.limit()) throw new IOException(file + ": last record cut short");
            byte[] payload = udpPayload(in.duplicate().order(ByteOrder.BIG_ENDIAN).position(frame).limit(at).slice(), link);
            if (payload != null) out.add(payload);
        }
        return out;
    }

    private static byte[] udpPayload(ByteBuffer f, int link) {
        int ip;
        int etherType;
        switch (link) {
            case LINK_ETHERNET -> {
                etherType = f.getShort(12) & 0xFFFF;
                ip = 14;
                if (etherType == 0x8100) {
                    etherType = f.getShort(16) & 0xFFFF;
                    ip = 18;
                }
            }
            case LINK_LINUX_SLL -> {
                etherType = f.getShort(14) & 0xFFFF;
                ip = 16;
            }
            case LINK_RAW -> {
                etherType = (f.get(0) & 0xF0) == 0x60 ? 0x86DD : 0x0800;
                ip = 0;
            }
            default -> throw new IllegalArgumentException("link type " + link + " not read");
        }
        int udp;
        if (etherType == 0x0800) {
            if (f.get(ip + 9) != UDP || (f.getShort(ip + 6) & 0x1FFF) != 0) return null;
            udp = ip + 4 * (f.get(ip) & 0x0F);
        } else if (etherType == 0x86DD) {
            if (f.get(ip + 6) != UDP) return null;
            udp = ip + 40;
        } else {
            return null;
        }
        int length = (f.getShort(udp + 4) & 0xFFFF) - 8;
        byte[] payload = new byte[Math.min(length, f.limit() - udp - 8)];
        f.get(udp + 8, payload);
        return payload;
    }
}
