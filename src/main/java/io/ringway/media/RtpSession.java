package io.ringway.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audio of one call: G.711 RTP in 20 ms frames (160 bytes) both ways on one UDP port.
 *
 * <p>Sending: from {@link #start} on, every 20 ms (paced by an {@link RtpPacer}) one frame goes out, of the clips
 * {@link #play}ed in turn or, when none is playing, silence: the RTP timestamp runs on as the receiver's jitter buffer
 * expects and NAT bindings stay open. Sequence numbers count up by one and timestamps by 160 per frame from random
 * starting values; the SSRC is random. Frames are never held back for silence, so the stream is one talk spurt: the
 * marker bit is set on its first packet, after the pacer skipped ticks in a stall, and on the first packet to a new
 * destination (RFC 3551 §4.1).
 *
 * <p>Receiving: the pacer's receiving thread reads every session's port through one selector ({@link RtpReceiver}). Packets are taken only with the audio or the
 * telephone-event payload type that {@link #start} was given. Symmetric RTP: the first such packet decides where the
 * peer is; when it came from another address than the SDP gave (the peer is behind NAT), frames go there from then
 * on, and packets from any other address are dropped. Keys reach {@link #onKey} from RFC 4733 events and from the
 * in-band detector on the received audio; phones that send both report a key twice, so a key from one of the two is
 * dropped when the other reported the same key within {@value #SAME_KEY_MILLIS} ms.
 */
public final class RtpSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RtpSession.class);
    public static final int PCMU = 0, PCMA = 8;
    public static final int NO_TELEPHONE_EVENTS = -1;
    static final int FRAME = 160; // samples (and bytes) in 20 ms
    static final int SAME_KEY_MILLIS = 200;
    private static final int MAX_DATAGRAM = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Callers' continuations of {@link #play} do not run on the pacer's threads, where they would delay frames. */
    private static final Executor COMPLETIONS = task -> Thread.ofVirtual().name("rtp-play-done").start(task);

    private final RtpPacer pacer;
    private final DatagramChannel channel;
    private final InetSocketAddress local;
    private final RtpPacer.Stream stream = this::sendFrame;
    private final Receiving receiving = new Receiving();
    private final AtomicBoolean closed = new AtomicBoolean();

    // what start() negotiated; read by both threads
    private volatile InetSocketAddress remote;
    private volatile InetSocketAddress latched;
    private volatile int audioType = -1, eventType = NO_TELEPHONE_EVENTS;
    private volatile Consumer<Character> keyListener = key -> {};

    // sending state: the pacer thread only, after start()
    private final ByteBuffer frame = ByteBuffer.allocateDirect(RtpPacket.HEADER_BYTES + FRAME);
    private final byte[] payload = new byte[FRAME];
    private final int ssrc = RANDOM.nextInt();
    private int sequence = RANDOM.nextInt(1 << 16);
    private long timestamp = RANDOM.nextInt() & 0xFFFF_FFFFL;
    private volatile boolean marker = true;
    private boolean sendFailed;

    private final ReentrantLock queueLock = new ReentrantLock();
    private final ArrayDeque<Queued> queue = new ArrayDeque<>(); // guarded by queueLock

    private final AtomicLong sent = new AtomicLong(), received = new AtomicLong(), dropped = new AtomicLong();
    private volatile boolean keep;
    private volatile boolean inBandKeys = true;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream(); // guarded by itself

    private static final class Queued {
        final AudioClip clip;
        final CompletableFuture<Boolean> done = new CompletableFuture<>();
        int position;
        // The clip in the law it is sent in, encoded when it is queued so the pacer only copies bytes.
        byte[] encoded;
        boolean aLaw;

        Queued(AudioClip clip) { this.clip = clip; }

        byte[] encoded(boolean law) {
            if (encoded == null || aLaw != law) {
                encoded = law ? clip.aLaw() : clip.muLaw();
                aLaw = law;
            }
            return encoded;
        }
    }

    private RtpSession(RtpPacer pacer, DatagramChannel channel) throws IOException {
        this.pacer = pacer;
        this.channel = channel;
        this.local = (InetSocketAddress) channel.getLocalAddress();
    }

    /** A session on the next free even port of {@code ports}, receiving already (but taking no packet before {@link #start}). */
    public static RtpSession open(RtpPorts ports, RtpPacer pacer) throws IOException {
        DatagramChannel channel = ports.bind();
        try {
            RtpSession session = new RtpSession(pacer, channel);
            pacer.receiver().register(channel, session.receiving);
            return session;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The bound address and port; when bound to all addresses (0.0.0.0), the SDP needs the host's own address with the port. */
    public InetSocketAddress localAddress() { return local; }

    public int localPort() { return local.getPort(); }

    /**
     * Starts sending to {@code remote} (the SDP's connection address and port), or sends elsewhere from now on when
     * called again (a re-INVITE): G.711 µ-law ({@link #PCMU}) or A-law ({@link #PCMA}), and RFC 4733 events received
     * with {@code telephoneEventPayloadType} ({@link #NO_TELEPHONE_EVENTS} when the SDP has none).
     */
    public void start(InetSocketAddress remote, int audioPayloadType, int telephoneEventPayloadType) {
        if (audioPayloadType != PCMU && audioPayloadType != PCMA) {
            throw new IllegalArgumentException("only G.711 is sent (payload type 0 or 8), not " + audioPayloadType);
        }
        if (telephoneEventPayloadType != NO_TELEPHONE_EVENTS && (telephoneEventPayloadType < 96 || telephoneEventPayloadType > 127)) {
            throw new IllegalArgumentException("telephone-event needs a dynamic payload type (96-127), not " + telephoneEventPayloadType);
        }
        if (remote.isUnresolved()) throw new IllegalArgumentException("unresolved address: " + remote);
        if (closed.get()) throw new IllegalStateException("the RTP session is closed");
        if (!remote.equals(this.remote)) marker = true;
        this.eventType = telephoneEventPayloadType;
        this.audioType = audioPayloadType;
        this.latched = null;
        this.remote = remote;
        pacer.add(stream);
    }

    /** Where frames go now: the SDP's address, or the address the peer's packets come from. {@code null} before start. */
    public InetSocketAddress remote() { return remote; }

    /**
     * Queues {@code clip} after what is queued already. The future completes with true once the clip's last frame
     * was sent, with false when {@link #stopPlaying} or {@link #close} dropped it first.
     */
    public CompletableFuture<Boolean> play(AudioClip clip) {
        Queued q = new Queued(clip);
        if (audioType >= 0) q.encoded(audioType == PCMA);
        queueLock.lock();
        try {
            if (closed.get()) return CompletableFuture.completedFuture(false);
            if (clip.length() == 0) return CompletableFuture.completedFuture(true);
            queue.add(q);
        } finally {
            queueLock.unlock();
        }
        return q.done;
    }

    /** Drops what is playing and queued (barge-in): silence from the next frame on. */
    public void stopPlaying() {
        Queued[] dropped;
        queueLock.lock();
        try {
            dropped = queue.toArray(Queued[]::new);
            queue.clear();
        } finally {
            queueLock.unlock();
        }
        for (Queued q : dropped) q.done.complete(false);
    }

    /**
     * Who hears the keys: 0–9, *, #, A–D, once per press. Called on the session's receiving thread, which receives
     * nothing while it runs: hand long work elsewhere.
     */
    public void onKey(Consumer<Character> listener) { this.keyListener = listener; }

    /**
     * Whether to listen for keys as tones in the received audio (on at first). The detector costs about 0.4 ms of CPU
     * per second of audio; a caller that knows the peer sends RFC 4733 events may turn it off.
     */
    public void inBandKeys(boolean listen) { this.inBandKeys = listen; }

    /** Whether to keep the received audio payloads for {@link #receivedAudio}; off at first. Memory grows 8 KB a second. */
    public void keepReceived(boolean keep) { this.keep = keep; }

    /** The payloads of the audio packets received while {@link #keepReceived} was on, one after another as they arrived. */
    public byte[] receivedAudio() {
        synchronized (kept) {
            return kept.toByteArray();
        }
    }

    public long packetsSent() { return sent.get(); }

    /** Frames the kernel would not take (the socket's send buffer was full); 0 on a healthy machine. */
    public long packetsDropped() { return dropped.get(); }

    /** Packets taken: of the negotiated payload types, from the peer. */
    public long packetsReceived() { return received.get(); }

    /** Stops sending and receiving and frees the port; what is queued to play completes with false. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        pacer.remove(stream);
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing RTP port {}: {}", local.getPort(), e.toString());
        }
        stopPlaying();
        pacer.receiver().released(); // the port is free once the selector has let go of the channel
    }

    private void sendFrame(int missedTicks) {
        InetSocketAddress to = remote;
        int type = audioType;
        if (to == null || closed.get()) return;
        Queued finished = fill(type == PCMA);
        if (missedTicks > 0) {
            timestamp = (timestamp + (long) FRAME * missedTicks) & 0xFFFF_FFFFL;
            marker = true;
        }
        frame.clear();
        RtpPacket.writeHeader(frame, marker, type, sequence, timestamp, ssrc);
        frame.put(payload).flip();
        try {
            // Non-blocking: a full socket buffer drops the frame (counted) rather than holding up the lane.
            if (channel.send(frame, to) > 0) sent.incrementAndGet();
            else dropped.incrementAndGet();
            sendFailed = false;
        } catch (ClosedChannelException e) {
            return;
        } catch (IOException e) {
            if (!sendFailed) log.warn("RTP from port {} to {} failed: {}", local.getPort(), to, e.toString()); // once, not every 20 ms
            sendFailed = true;
        }
        marker = false;
        sequence = (sequence + 1) & 0xFFFF;
        timestamp = (timestamp + FRAME) & 0xFFFF_FFFFL;
        if (finished != null) COMPLETIONS.execute(() -> finished.done.complete(true));
    }

    /** Puts the next 20 ms of what plays, or silence, into {@link #payload}; returns the clip that ended with it. */
    private Queued fill(boolean aLaw) {
        int filled = 0;
        Queued ended = null;
        queueLock.lock();
        try {
            Queued q = queue.peek();
            if (q != null) {
                int n = Math.min(FRAME, q.clip.length() - q.position);
                System.arraycopy(q.encoded(aLaw), q.position, payload, 0, n);
                filled = n;
                q.position += n;
                // a clip's last part frame is filled up with silence rather than with the next clip, so that the
                // clip has ended when its future says so
                if (q.position >= q.clip.length()) ended = queue.poll();
            }
        } finally {
            queueLock.unlock();
        }
        Arrays.fill(payload, filled, FRAME, aLaw ? (byte) 0xD5 : (byte) 0xFF);
        return ended;
    }

    /** The receiving thread: its state is its own. */
    private final class Receiving implements RtpReceiver.Readable {
        private final ByteBuffer datagram = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        private final TelephoneEvents events = new TelephoneEvents(key -> key(key, true));
        private final DtmfDetector inBand = new DtmfDetector(key -> key(key, false));
        private short[] pcm = new short[FRAME];
        private byte[] bytes = new byte[FRAME];
        private char lastKey;
        private boolean lastFromEvents;
        private long lastKeyAt;

        /** Reads every datagram waiting on the port (the channel is non-blocking); runs on the receiving thread. */
        @Override
        public void readable() {
            while (true) {
                SocketAddress from;
                datagram.clear();
                try {
                    from = channel.receive(datagram);
                } catch (ClosedChannelException e) {
                    return;
                } catch (IOException e) {
                    if (!channel.isOpen()) return;
                    log.debug("RTP receive on port {}: {}", local.getPort(), e.toString());
                    continue;
                }
                if (from == null) return;
                datagram.flip();
                try {
                    take((InetSocketAddress) from);
                } catch (RuntimeException e) {
                    log.warn("RTP packet on port {} from {} not handled", local.getPort(), from, e);
                }
            }
        }

        private void take(InetSocketAddress from) {
            RtpPacket.Header h = RtpPacket.Header.read(datagram);
            int audio = audioType, event = eventType;
            if (h == null || audio < 0 || (h.payloadType() != audio && h.payloadType() != event)) return;
            if (!fromPeer(from)) return;
            received.incrementAndGet();
            if (h.payloadType() == event) {
                events.receive(h.timestamp(), datagram.slice(h.payloadOffset(), h.payloadLength()));
                return;
            }
            int n = h.payloadLength();
            if (bytes.length < n) {
                bytes = new byte[n];
                pcm = new short[n];
            }
            datagram.get(h.payloadOffset(), bytes, 0, n);
            if (inBandKeys) {
                for (int i = 0; i < n; i++) pcm[i] = audio == PCMA ? G711.aLawToLinear(bytes[i]) : G711.muLawToLinear(bytes[i]);
                inBand.feed(pcm, 0, n);
            }
            if (keep) {
                synchronized (kept) {
                    kept.write(bytes, 0, n);
                }
            }
        }

        /** Symmetric RTP: the first packet's source is the peer, and frames go there. */
        private boolean fromPeer(InetSocketAddress from) {
            InetSocketAddress peer = latched;
            if (peer != null) return peer.equals(from);
            latched = from;
            if (!from.equals(remote)) {
                log.debug("RTP port {}: the peer sends from {}, not {} as its SDP said; sending there", local.getPort(), from, remote);
                remote = from;
            }
            return true;
        }

        private void key(char key, boolean fromEvents) {
            long now = System.nanoTime();
            boolean echo = key == lastKey && fromEvents != lastFromEvents && now - lastKeyAt < SAME_KEY_MILLIS * 1_000_000L;
            if (echo) return;
            lastKey = key;
            lastFromEvents = fromEvents;
            lastKeyAt = now;
            keyListener.accept(key);
        }
    }
}
