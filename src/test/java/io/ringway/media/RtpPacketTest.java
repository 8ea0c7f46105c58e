package io.ringway.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RtpPacketTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void writesTheFixedHeaderInNetworkOrder() {
        ByteBuffer buf = ByteBuffer.allocate(64);
        new RtpPacket(true, 0, 0xBEEF, 0xDEADBEEFL, 0x01020304, new byte[] {(byte) 0xFF, 0x7F}).write(buf);
        assertThat(HEX.formatHex(buf.array(), 0, buf.position())).isEqualTo("8080beefdeadbeef01020304ff7f");
        buf.clear();
        new RtpPacket(false, 101, 1, 160, -1, new byte[0]).write(buf);
        assertThat(HEX.formatHex(buf.array(), 0, buf.position())).isEqualTo("80650001000000a0ffffffff");
    }

    @Test
    void readsAPacketOfTheSippCaptures() {
        // the first packet of sipp's dtmf_2833_0.pcap: marker, PT 101, event 0 with volume 10 and duration 0
        RtpPacket p = parse("80e52f30000044e00e05384e000a0000");
        assertThat(p).isEqualTo(new RtpPacket(true, 101, 12080, 17632, 0x0e05384e, HEX.parseHex("000a0000")));
    }

    @Test
    void findsThePayloadBehindCsrcsAndAHeaderExtension() {
        // CC=2, X=1: two CSRCs, then extension profile 0xBEDE with one 32-bit word
        String header = "928000070000000a0000000b" + "11111111" + "22222222" + "bede0001" + "aabbccdd";
        assertThat(parse(header + "0102").payload()).containsExactly(1, 2);
        assertThat(parse(header).payload()).isEmpty();
    }

    @Test
    void dropsPaddingCountedByTheLastByte() {
        // P=1, three bytes of padding of which the last says 3
        assertThat(parse("a00000010000000200000003" + "0102" + "000003").payload()).containsExactly(1, 2);
        assertThat(parse("a00000010000000200000003" + "01").payload()).isEmpty(); // one byte: only the count itself
    }

    @Test
    void refusesWhatIsNotAWellFormedRtpPacket() {
        assertThat(parse("")).isNull();
        assertThat(parse("8000000100000002000000")).as("11 bytes").isNull();
        assertThat(parse("400000010000000200000003ff")).as("version 1").isNull();
        assertThat(parse("c00000010000000200000003ff")).as("version 3").isNull();
        assertThat(parse("810000010000000200000003")).as("one CSRC announced, none there").isNull();
        assertThat(parse("900000010000000200000003bede00")).as("extension header cut").isNull();
        assertThat(parse("900000010000000200000003bede0002aabbccdd")).as("extension longer than the packet").isNull();
        assertThat(parse("a0000001000000020000000300")).as("padding count 0").isNull();
        assertThat(parse("a00000010000000200000003ff05")).as("more padding than payload").isNull();
        assertThat(parse("80c80001000000020000000300000000")).as("RTCP sender report").isNull();
        assertThat(parse("80cb0001000000020000000300000000")).as("RTCP BYE").isNull();
        assertThat(parse("80480001000000020000000300000000")).as("payload type 72 without marker").isNull();
    }

    @Test
    void readsFromTheBufferPositionWithoutMovingIt() {
        ByteBuffer buf = ByteBuffer.wrap(HEX.parseHex("ffff" + "8008000100000002000000030102"));
        buf.position(2);
        assertThat(RtpPacket.parse(buf).payload()).containsExactly(1, 2);
        assertThat(buf.position()).isEqualTo(2);
        assertThat(buf.remaining()).isEqualTo(14);
    }

    @Test
    void refusesFieldsOutOfRange() {
        assertThatThrownBy(() -> new RtpPacket(false, 128, 0, 0, 0, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RtpPacket(false, 72, 0, 0, 0, new byte[0])).hasMessageContaining("RTCP");
        assertThatThrownBy(() -> new RtpPacket(false, 0, 65536, 0, 0, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RtpPacket(false, 0, 0, 1L << 32, 0, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RtpPacket(false, 0, 0, -1, 0, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsItsOwnCopyOfThePayload() {
        byte[] payload = {1, 2, 3};
        RtpPacket p = new RtpPacket(false, 0, 0, 0, 0, payload);
        payload[0] = 9;
        p.payload()[1] = 9;
        assertThat(p.payload()).containsExactly(1, 2, 3);
    }

    @Property(tries = 500)
    void parseReadsBackWhatWriteWrote(@ForAll("packets") RtpPacket packet) {
        ByteBuffer buf = ByteBuffer.allocate(RtpPacket.HEADER_BYTES + packet.payloadLength());
        packet.write(buf);
        assertThat(buf.hasRemaining()).isFalse();
        assertThat(RtpPacket.parse(buf.flip())).isEqualTo(packet);
    }

    @Property(tries = 500)
    void csrcsExtensionAndPaddingNeverHideThePayload(@ForAll("packets") RtpPacket packet, @ForAll @IntRange(max = 15) int csrcs,
            @ForAll @IntRange(min = -1, max = 20) int extensionWords, @ForAll @IntRange(max = 40) int padding) {
        ByteBuffer buf = ByteBuffer.allocate(2000);
        packet.write(buf);
        byte[] written = java.util.Arrays.copyOf(buf.array(), buf.position());
        buf.clear();
        buf.put((byte) (0x80 | (padding > 0 ? 0x20 : 0) | (extensionWords >= 0 ? 0x10 : 0) | csrcs)).put(written, 1, 11);
        for (int i = 0; i < csrcs; i++) buf.putInt(0xC0000000 | i);
        if (extensionWords >= 0) {
            buf.putShort((short) 0xBEDE).putShort((short) extensionWords);
            for (int i = 0; i < extensionWords; i++) buf.putInt(0xE0000000 | i);
        }
        buf.put(written, 12, written.length - 12);
        for (int i = 1; i < padding; i++) buf.put((byte) 0x55);
        if (padding > 0) buf.put((byte) padding);
        assertThat(RtpPacket.parse(buf.flip())).isEqualTo(packet);
    }

    @Property(tries = 3000)
    void anyBytesParseToAPacketOrNullAndNeverThrow(@ForAll @Size(max = 80) byte[] bytes, @ForAll boolean looksLikeRtp) {
        if (looksLikeRtp && bytes.length > 0) bytes[0] = (byte) (0x80 | (bytes[0] & 0x3F)); // version 2: get past the first check
        RtpPacket p = RtpPacket.parse(ByteBuffer.wrap(bytes));
        if (p != null) assertThat(p.payloadLength()).isBetween(0, bytes.length - RtpPacket.HEADER_BYTES);
    }

    @Provide
    Arbitrary<RtpPacket> packets() {
        Arbitrary<Integer> payloadTypes = Arbitraries.oneOf(Arbitraries.integers().between(0, 63), Arbitraries.integers().between(96, 127));
        return Combinators.combine(Arbitraries.of(true, false), payloadTypes, Arbitraries.integers().between(0, 0xFFFF),
                        Arbitraries.longs().between(0, 0xFFFF_FFFFL), Arbitraries.integers(), Arbitraries.bytes().array(byte[].class).ofMaxSize(400))
                .as(RtpPacket::new);
    }

    private static RtpPacket parse(String hex) { return RtpPacket.parse(ByteBuffer.wrap(HEX.parseHex(hex))); }
}
