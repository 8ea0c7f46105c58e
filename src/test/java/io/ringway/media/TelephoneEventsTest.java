package io.ringway.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelephoneEventsTest {
    /** sipp's captures (Debian package sip-tester; .ci/run installs it): one key each, payload type 101. */
    private static final Path SIPP = Path.of("/usr/share/sip-tester");

    private final List<Character> keys = new ArrayList<>();
    private final TelephoneEvents events = new TelephoneEvents(keys::add);

    @Test
    void aPressIsReportedOnceAtItsFirstPacket() {
        events.receive(8000, event(5, false, 0));
        assertThat(keys).containsExactly('5');
        press(8000, 5, 7); // the rest of it as a sender sends it: growing duration, three end packets
        assertThat(keys).containsExactly('5');
    }

    @Test
    void everyKeyHasItsEventCode() {
        for (int code = 0; code < 16; code++) press(1000L * code, code, 4);
        assertThat(keys).containsExactly('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#', 'A', 'B', 'C', 'D');
    }

    @Test
    void theSameKeyAgainIsANewPressByItsNewTimestamp() {
        press(1600, 7, 5);
        press(4800, 7, 5);
        press(8000, 7, 5);
        assertThat(keys).containsExactly('7', '7', '7');
    }

    @Test
    void lateCopiesOfAnEarlierPressAreNotNewPresses() {
        press(1600, 1, 5);
        press(4800, 2, 5);
        events.receive(1600, event(1, true, 800)); // a retransmitted end of the first, after the second began
        events.receive(1600, event(1, false, 320));
        press(8000, 3, 5);
        events.receive(4800, event(2, true, 800));
        assertThat(keys).containsExactly('1', '2', '3');
    }

    @Test
    void aPressWhoseFirstPacketsWereLostIsReportedByItsEnd() {
        events.receive(3200, event(9, true, 960));
        events.receive(3200, event(9, true, 960));
        assertThat(keys).containsExactly('9');
    }

    @Test
    void eventsThatAreNoKeysAndShortPayloadsAreIgnored() {
        press(1600, 16, 5); // flash
        press(3200, 40, 5); // a tone of RFC 4734
        events.receive(4800, ByteBuffer.wrap(new byte[] {3, 0, 0}));
        events.receive(6400, ByteBuffer.allocate(0));
        assertThat(keys).isEmpty();
        press(8000, 3, 2);
        assertThat(keys).containsExactly('3');
    }

    @Test
    void readsThePayloadFromTheBufferPosition() {
        ByteBuffer datagram = ByteBuffer.wrap(new byte[] {99, 99, 11, 0x0A, 0, 0});
        events.receive(160, datagram.position(2));
        assertThat(keys).containsExactly('#');
    }

    @Test
    void aKeyHeldPastTheDurationFieldIsStillOnePress() {
        long start = 0xFFFF_0000L; // the second segment's timestamp wraps around 2^32 too
        events.receive(start, event(4, false, 0));
        events.receive(start, event(4, false, 0xFFFF));
        long next = (start + 0xFFFF) & 0xFFFF_FFFFL;
        events.receive(next, event(4, false, 160));
        events.receive(next, event(4, true, 4000));
        assertThat(keys).containsExactly('4');
        events.receive((next + 0xFFFF) & 0xFFFF_FFFFL, event(4, false, 160)); // after the end: a new press
        assertThat(keys).containsExactly('4', '4');
    }

    @Test
    void eachOfSippsCapturesIsItsOneKey() throws Exception {
        assertThat(SIPP.resolve("dtmf_2833_0.pcap")).as("sipp's pcaps (apt-get install sip-tester; .ci/run does it)").exists();
        String names = "0123456789";
        List<Path> files = new ArrayList<>();
        for (char c : names.toCharArray()) files.add(SIPP.resolve("dtmf_2833_" + c + ".pcap"));
        files.add(SIPP.resolve("dtmf_2833_star.pcap"));
        files.add(SIPP.resolve("dtmf_2833_pound.pcap"));
        TelephoneEvents all = new TelephoneEvents(keys::add);
        StringBuilder fromAll = new StringBuilder();
        for (Path file : files) {
            List<Character> mine = new ArrayList<>();
            TelephoneEvents one = new TelephoneEvents(mine::add);
            List<byte[]> datagrams = Pcap.udpPayloads(file);
            assertThat(datagrams).as(file.toString()).hasSize(10);
            for (byte[] d : datagrams) {
                RtpPacket p = RtpPacket.parse(ByteBuffer.wrap(d));
                assertThat(p).as(file.toString()).isNotNull();
                assertThat(p.payloadType()).isEqualTo(101);
                one.receive(p.timestamp(), ByteBuffer.wrap(p.payload()));
                all.receive(p.timestamp(), ByteBuffer.wrap(p.payload()));
            }
            assertThat(mine).as(file.toString()).hasSize(1);
            fromAll.append(mine.getFirst());
        }
        assertThat(fromAll).hasToString("0123456789*#");
        assertThat(keys).as("the twelve captures one after another").hasSize(12);
    }

    /** A press as RFC 4733 senders send it: {@code updates} packets 20 ms apart, then the end packet three times. */
    private void press(long timestamp, int code, int updates) {
        for (int i = 0; i < updates; i++) events.receive(timestamp, event(code, false, 160 * i));
        for (int i = 0; i < 3; i++) events.receive(timestamp, event(code, true, 160 * updates));
    }

    static ByteBuffer event(int code, boolean end, int duration) {
        return ByteBuffer.allocate(4).put((byte) code).put((byte) ((end ? 0x80 : 0) | 10)).putShort((short) duration).flip();
    }
}
