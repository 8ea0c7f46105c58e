package io.ringway.media;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where calls receive audio: a local address (0.0.0.0 for all, 127.0.0.1 for tests) and a port range, of which RTP
 * takes the even ports (RFC 3550 §11; RTCP would be the odd one above). Ports are handed out round the range rather
 * than lowest first, so a port is taken again as late as possible and stray packets of an ended call do not reach
 * the next one. Ports another program (or another session) holds are skipped.
 */
public final class RtpPorts {
    private final InetAddress address;
    private final int first, last;
    private final int count;
    private final AtomicInteger next = new AtomicInteger();

    /** The even ports from {@code first} to {@code last}, both included. */
    public RtpPorts(InetAddress address, int first, int last) {
        if (first < 1 || last > 65535 || first > last) throw new IllegalArgumentException("not a port range: " + first + "-" + last);
        this.address = address;
        this.first = first + (first & 1);
        this.last = last - (last & 1);
        if (this.first > this.last) throw new IllegalArgumentException("no even port in " + first + "-" + last);
        this.count = (this.last - this.first) / 2 + 1;
    }

    public InetAddress address() { return address; }

    /** How many even ports the range has: the most sessions that can be open at once. */
    public int size() { return count; }

    /** A channel bound to the next free even port. */
    DatagramChannel bind() throws IOException {
        for (int tried = 0; tried < count; tried++) {
            int port = first + 2 * Math.floorMod(next.getAndIncrement(), count);
            DatagramChannel channel = DatagramChannel.open(address instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            try {
                channel.bind(new InetSocketAddress(address, port));
                return channel;
            } catch (BindException inUse) {
                channel.close();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
        throw new BindException("no free RTP port: all " + count + " even ports of " + first + "-" + last + " on "
                + address.getHostAddress() + " are in use");
    }

    @Override
    public String toString() { return address.getHostAddress() + ":" + first + "-" + last; }
}
