package io.ringway.media;

import static io.ringway.media.Signals.concat;
import static io.ringway.media.Signals.dtmf;
import static io.ringway.media.Signals.silence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real UDP on 127.0.0.1: sessions talk to each other and to plain channels that play the peer. */
class RtpSessionTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static RtpPacer pacer;
    private final RtpPorts ports = new RtpPorts(LOOPBACK, 46000, 46999);
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void startPacer() { pacer = new RtpPacer(2); }

    @AfterAll
    static void stopPacer() { pacer.close(); }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) c.close();
    }

    @Test
    void whatOneSessionPlaysTheOtherReceivesByteForByte() throws Exception {
        RtpSession a = session(), b = session();
        b.keepReceived(true);
        a.start(b.localAddress(), RtpSession.PCMU, RtpSession.NO_TELEPHONE_EVENTS);
        b.start(a.localAddress(), RtpSession.PCMU, RtpSession.NO_TELEPHONE_EVENTS);
        RtpPacerTest.sleep(200);
        AudioClip clip = AudioClip.ofPcm(Signals.toShorts(chirp(1.0)));
        CompletableFuture<Boolean> played = a.play(clip);
        assertThat(played.get(5, TimeUnit.SECONDS)).isTrue();
        RtpPacerTest.sleep(200);
        a.close();
        RtpPacerTest.sleep(50);
        byte[] heard = b.receivedAudio(), sent = clip.muLaw();
        int at = indexOf(heard, sent);
        assertThat(at).as("the clip, whole and in order").isPositive();
        assertThat(at % RtpSession.FRAME).as("on a frame boundary").isZero();
        assertThat(slice(heard, 0, at)).as("silence before").containsOnly((byte) 0xFF);
        assertThat(slice(heard, at + sent.length, heard.length)).as("silence after").isNotEmpty().containsOnly((byte) 0xFF);
        assertThat(b.packetsReceived()).isEqualTo(heard.length / RtpSession.FRAME);
        assertThat(a.packetsSent()).isEqualTo(b.packetsReceived());
        assertThat(a.packetsReceived()).as("B's silence reached A").isPositive();
    }

    @Test
    void anEchoBringsBackWhatWasPlayed() throws Exception {
        DatagramChannel echo = track(DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0)));
        Thread echoing = Thread.ofVirtual().start(() -> {
            ByteBuffer buf = ByteBuffer.allocate(2048);
            try {
                while (true) {
                    java.net.SocketAddress from = echo.receive(buf.clear());
                    echo.send(buf.flip(), from);
                }
            } catch (java.io.IOException closed) {
                // the test is over
            }
        });
        RtpSession s = session();
        s.keepReceived(true);
        s.start(address(echo), RtpSession.PCMA, 101);
        AudioClip clip = AudioClip.ofPcm(Signals.toShorts(chirp(0.75)));
        assertThat(s.play(clip).get(5, TimeUnit.SECONDS)).isTrue();
        RtpPacerTest.sleep(100);
        assertThat(indexOf(s.receivedAudio(), clip.aLaw())).as("the clip came back whole").isNotNegative();
        echo.close();
        echoing.join(1000);
    }

    @Test
    void twoHundredSessionsEachSendFiftyFramesASecond() throws Exception {
        DatagramChannel sink = channel();
        List<RtpSession> sessions = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            RtpSession s = session();
            s.start(address(sink), RtpSession.PCMU, 101);
            sessions.add(s);
        }
        RtpPacerTest.sleep(300);
        RtpPacerTest.Rate rate = RtpPacerTest.Rate.overASecond(sessions.stream().<LongSupplier>map(s -> s::packetsSent).toList());
        RtpPacer.Stats stats = pacer.stats();
        System.out.printf("200 RTP sessions: %s; %s%n", rate, stats);
        rate.assertAboutFiftyPerSecond();
        assertThat(stats.streams()).isGreaterThanOrEqualTo(200);
        RtpPacerTest.assertSane(stats);
    }

    @Test
    void framesFollowTheRtpRulesAcrossClipsAndSilence() throws Exception {
        DatagramChannel peer = channel();
        RtpSession s = session();
        s.start(address(peer), RtpSession.PCMA, 101);
        RtpPacerTest.sleep(150);
        AudioClip first = AudioClip.ofPcm(Signals.toShorts(chirp(0.33))); // 16.5 frames: the last one half silence
        AudioClip second = AudioClip.ofPcm(Signals.toShorts(chirp(0.2)));
        CompletableFuture<Boolean> one = s.play(first), two = s.play(second);
        assertThat(two.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(one).isCompletedWithValue(true);
        RtpPacerTest.sleep(150);
        assertThat(s.play(first).get(5, TimeUnit.SECONDS)).isTrue(); // after more silence
        RtpPacerTest.sleep(100);
        List<RtpPacket> packets = drain(peer);

        assertThat(packets.size()).isGreaterThan(40);
        RtpPacket p0 = packets.getFirst();
        assertThat(p0.marker()).as("marker on the first packet").isTrue();
        assertThat(packets.subList(1, packets.size())).as("and on no other").noneMatch(RtpPacket::marker);
        for (int i = 0; i < packets.size(); i++) {
            RtpPacket p = packets.get(i);
            assertThat(p.payloadType()).isEqualTo(RtpSession.PCMA);
            assertThat(p.ssrc()).isEqualTo(p0.ssrc());
            assertThat(p.sequence()).as("sequence of packet %d", i).isEqualTo((p0.sequence() + i) & 0xFFFF);
            assertThat(p.timestamp()).as("timestamp of packet %d", i).isEqualTo((p0.timestamp() + 160L * i) & 0xFFFF_FFFFL);
            assertThat(p.payloadLength()).isEqualTo(160);
        }
        byte[] all = new byte[packets.size() * 160];
        for (int i = 0; i < packets.size(); i++) System.arraycopy(packets.get(i).payload(), 0, all, i * 160, 160);
        byte[] expected = join(first.aLaw(), silenceBytes(80, (byte) 0xD5), second.aLaw());
        int at = indexOf(all, expected);
        assertThat(at).as("both clips, back to back").isPositive();
        assertThat(slice(all, 0, at)).as("A-law silence while idle").containsOnly((byte) 0xD5);
        int again = indexOf(slice(all, at + expected.length, all.length), first.aLaw());
        assertThat(again).as("the third clip after more silence").isPositive();
        assertThat(slice(all, at + expected.length, at + expected.length + again)).containsOnly((byte) 0xD5);

        s.close();
        drain(peer);
        RtpSession other = session();
        other.start(address(peer), RtpSession.PCMU, RtpSession.NO_TELEPHONE_EVENTS);
        RtpPacerTest.sleep(100);
        other.close();
        assertThat(drain(peer)).as("another session, another SSRC").isNotEmpty().allMatch(p -> p.ssrc() != p0.ssrc());
    }

    @Test
    void framesGoWhereThePeersPacketsComeFrom() throws Exception {
        DatagramChannel sdp = channel(), nat = channel(), stranger = channel();
        RtpSession s = session();
        s.start(address(sdp), RtpSession.PCMU, 101);
        RtpPacerTest.sleep(100);
        assertThat(drain(sdp)).as("to the SDP's address at first").isNotEmpty();

        stranger.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), s.localAddress()); // not RTP
        send(stranger, s, new RtpPacket(false, 18, 1, 160, 7, new byte[20])); // a payload type not negotiated
        RtpPacerTest.sleep(50);
        assertThat(s.remote()).isEqualTo(address(sdp));
        assertThat(s.packetsReceived()).isZero();

        send(nat, s, new RtpPacket(true, RtpSession.PCMU, 1, 160, 42, silenceBytes(160, (byte) 0xFF)));
        RtpPacerTest.sleep(100);
        assertThat(s.remote()).isEqualTo(address(nat));
        drain(sdp);
        drain(nat);
        RtpPacerTest.sleep(100);
        assertThat(drain(nat)).as("to where the peer sends from").hasSizeGreaterThan(2);
        assertThat(drain(sdp)).as("no more to the SDP's address").isEmpty();

        send(stranger, s, new RtpPacket(false, RtpSession.PCMU, 9, 960, 43, silenceBytes(160, (byte) 0xFF)));
        RtpPacerTest.sleep(100);
        assertThat(s.remote()).as("latched once").isEqualTo(address(nat));
        assertThat(s.packetsReceived()).isEqualTo(1);
    }

    @Test
    void keysArriveFromTelephoneEventsAndFromTheAudio() throws Exception {
        DatagramChannel phone = channel();
        BlockingQueue<Character> keys = new LinkedBlockingQueue<>();
        RtpSession s = sessionHearing(keys, address(phone), RtpSession.PCMU, 101);
        for (String name : List.of("1", "4", "star", "pound")) { // sipp's captures, as a phone sends them
            for (byte[] datagram : Pcap.udpPayloads(Path.of("/usr/share/sip-tester/dtmf_2833_" + name + ".pcap"))) {
                phone.send(ByteBuffer.wrap(datagram), s.localAddress());
            }
        }
        assertThat(take(keys, 4)).isEqualTo("14*#");

        short[] gap = silence(60);
        AudioClip tones = AudioClip.ofPcm(concat(dtmf('7', -10, 60), gap, dtmf('0', -10, 60), gap, dtmf('0', -10, 60), gap, dtmf('D', -10, 60), gap));
        RtpSession a = session();
        BlockingQueue<Character> bKeys = new LinkedBlockingQueue<>();
        RtpSession b = sessionHearing(bKeys, a.localAddress(), RtpSession.PCMU, 101);
        a.start(b.localAddress(), RtpSession.PCMU, RtpSession.NO_TELEPHONE_EVENTS);
        assertThat(a.play(tones).get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(take(bKeys, 4)).as("in-band, with telephone-event negotiated too").isEqualTo("700D");
    }

    @Test
    void aKeySentAsEventAndAsToneIsOnePress() throws Exception {
        DatagramChannel phone = channel();
        BlockingQueue<Character> keys = new LinkedBlockingQueue<>();
        RtpSession s = sessionHearing(keys, address(phone), RtpSession.PCMA, 96);
        int seq = 100;
        for (long press = 0; press < 2; press++) {
            long ts = 16_000 * (press + 1);
            byte[] tone = AudioClip.ofPcm(concat(dtmf('5', -10, 100), silence(60))).aLaw();
            for (int f = 0; f * 160 < tone.length; f++) {
                if (f < 5) send(phone, s, new RtpPacket(f == 0, 96, seq++, ts, 5, event(5, f == 4, 160 * f)));
                send(phone, s, new RtpPacket(false, RtpSession.PCMA, seq++, ts + 160L * f, 5, slice(tone, f * 160, f * 160 + 160)));
            }
            if (press == 0) RtpPacerTest.sleep(RtpSession.SAME_KEY_MILLIS + 150);
        }
        assertThat(take(keys, 3)).isEqualTo("55");
    }

    @Test
    void stopPlayingDropsTheQueueAndCloseFreesThePort() throws Exception {
        DatagramChannel peer = channel();
        RtpSession s = session();
        s.start(address(peer), RtpSession.PCMU, RtpSession.NO_TELEPHONE_EVENTS);
        AudioClip long1 = AudioClip.ofPcm(Signals.toShorts(chirp(5))), long2 = AudioClip.ofPcm(Signals.toShorts(chirp(1)));
        CompletableFuture<Boolean> one = s.play(long1), two = s.play(long2);
        RtpPacerTest.sleep(300);
        s.stopPlaying();
        assertThat(one).isCompletedWithValue(false);
        assertThat(two).isCompletedWithValue(false);
        RtpPacerTest.sleep(60);
        drain(peer);
        RtpPacerTest.sleep(200);
        assertThat(drain(peer)).isNotEmpty().allSatisfy(p -> assertThat(p.payload()).containsOnly((byte) 0xFF));

        CompletableFuture<Boolean> pending = s.play(long1);
        int port = s.localPort();
        s.close();
        assertThat(pending).isCompletedWithValue(false);
        assertThat(s.play(long2)).isCompletedWithValue(false);
        RtpPacerTest.sleep(60);
        drain(peer);
        RtpPacerTest.sleep(100);
        assertThat(drain(peer)).as("nothing sent after close").isEmpty();
        try (DatagramChannel again = DatagramChannel.open()) {
            again.bind(new InetSocketAddress(LOOPBACK, port)); // throws if the port were still held
        }
    }

    @Test
    void aKeyListenerMayCloseTheSession() throws Exception {
        DatagramChannel phone = channel();
        RtpSession s = session();
        CompletableFuture<Long> closeMillis = new CompletableFuture<>();
        s.onKey(key -> { // hanging up on a key, as a call script does
            long started = System.nanoTime();
            s.close();
            closeMillis.complete((System.nanoTime() - started) / 1_000_000);
        });
        s.start(address(phone), RtpSession.PCMU, 101);
        send(phone, s, new RtpPacket(true, 101, 1, 160, 9, event(11, false, 0)));
        assertThat(closeMillis.get(2, TimeUnit.SECONDS)).as("close() on the receiving thread does not wait for itself").isLessThan(500);
        RtpPacerTest.sleep(100);
        try (DatagramChannel again = DatagramChannel.open()) {
            again.bind(new InetSocketAddress(LOOPBACK, s.localPort()));
        }
    }

    @Test
    void anExhaustedPortRangeIsAClearError() throws Exception {
        RtpPorts few = new RtpPorts(LOOPBACK, 47001, 47006); // 47002, 47004, 47006
        assertThat(few.size()).isEqualTo(3);
        DatagramChannel squatter = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 47004));
        open.add(squatter);
        RtpSession first = track(RtpSession.open(few, pacer)), second = track(RtpSession.open(few, pacer));
        assertThat(List.of(first.localPort(), second.localPort())).containsExactlyInAnyOrder(47002, 47006);
        assertThatThrownBy(() -> RtpSession.open(few, pacer)).isInstanceOf(BindException.class)
                .hasMessageContaining("no free RTP port").hasMessageContaining("47002-47006").hasMessageContaining("127.0.0.1");
        first.close();
        assertThat(track(RtpSession.open(few, pacer)).localPort()).isEqualTo(first.localPort());
        assertThatThrownBy(() -> new RtpPorts(LOOPBACK, 47001, 47001)).hasMessageContaining("no even port");
    }

    @Test
    void onlyG711AndDynamicTelephoneEventTypesAreStarted() throws Exception {
        RtpSession s = session();
        InetSocketAddress somewhere = new InetSocketAddress(LOOPBACK, 9);
        assertThatThrownBy(() -> s.start(somewhere, 18, 101)).hasMessageContaining("only G.711");
        assertThatThrownBy(() -> s.start(somewhere, 0, 13)).hasMessageContaining("dynamic payload type");
    }

    // ---- helpers

    private RtpSession session() throws Exception { return track(RtpSession.open(ports, pacer)); }

    /** A session started towards {@code remote} whose keys go to {@code keys}. */
    private RtpSession sessionHearing(BlockingQueue<Character> keys, InetSocketAddress remote, int audio, int events) throws Exception {
        RtpSession s = session();
        s.onKey(keys::add);
        s.start(remote, audio, events);
        return s;
    }

    private <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private DatagramChannel channel() throws Exception {
        DatagramChannel c = track(DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0)));
        c.configureBlocking(false);
        return c;
    }

    private static InetSocketAddress address(DatagramChannel c) throws Exception { return (InetSocketAddress) c.getLocalAddress(); }

    private static void send(DatagramChannel from, RtpSession to, RtpPacket packet) throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(RtpPacket.HEADER_BYTES + packet.payloadLength());
        packet.write(buf);
        from.send(buf.flip(), to.localAddress());
    }

    /** The RTP packets that have arrived on {@code c} and were not drained before. */
    private static List<RtpPacket> drain(DatagramChannel c) throws Exception {
        List<RtpPacket> out = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.allocate(2048);
        while (c.receive(buf.clear()) != null) out.add(RtpPacket.parse(buf.flip()));
        return out;
    }

    private static String take(BlockingQueue<Character> keys, int most) throws InterruptedException {
        StringBuilder out = new StringBuilder();
        for (Character k; out.length() < most && (k = keys.poll(out.length() == 0 ? 1500 : 800, TimeUnit.MILLISECONDS)) != null; ) out.append(k);
        return out.toString();
    }

    static byte[] event(int code, boolean end, int duration) {
        return new byte[] {(byte) code, (byte) ((end ? 0x80 : 0) | 10), (byte) (duration >> 8), (byte) duration};
    }

    /** A sweep from 300 to 3000 Hz: no two frames alike, so a frame out of place shows. */
    static float[] chirp(double seconds) {
        float[] s = new float[(int) Math.round(seconds * AudioClip.RATE)];
        double phase = 0;
        for (int i = 0; i < s.length; i++) {
            double hz = 300 + 2700.0 * i / s.length;
            phase += 2 * Math.PI * hz / AudioClip.RATE;
            s[i] = (float) (8000 * Math.sin(phase));
        }
        return s;
    }

    private static byte[] silenceBytes(int n, byte code) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, code);
        return b;
    }

    private static byte[] slice(byte[] b, int from, int to) { return java.util.Arrays.copyOfRange(b, from, to); }

    private static byte[] join(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    private static int indexOf(byte[] in, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= in.length; i++) {
            for (int j = 0; j < part.length; j++) if (in[i + j] != part[j]) continue outer;
            return i;
        }
        return -1;
    }
}
