package io.ringway.carrier.sip;

import io.ringway.carrier.CallLeg;
import io.ringway.testing.Sipp;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** A trunk's max_calls and cps, seen from sipp answering several calls dialled at once. */
class TrunkLimitsTest {
    private static final CallLeg.Events QUIET = new CallLeg.Events() {
        @Override public void ringing() {}
        @Override public void key(char key) {}
    };

    private record Span(long answeredNanos, long endedNanos) {}

    /** Dials {@code calls} calls at once on one trunk; each stays connected {@code talkMillis}. */
    private static List<Span> dialAtOnce(String trunkOptions, int calls, long talkMillis) throws Exception {
        try (SipFixture fixture = new SipFixture()) {
            Sipp phone = fixture.keep(Sipp.uas("answer", calls, Map.of("ring", "0", "codec", "0")));
            ConcurrentLinkedQueue<Span> spans = new ConcurrentLinkedQueue<>();
            Sipp.PortRange rtp = Sipp.rtpPorts(40);
            try (SipConnector sip = new SipConnector(new Sip.Options("127.0.0.1", Sipp.freeUdpAndTcpPort(), rtp.first(), rtp.last(),
                    List.of(SipTrunk.parse("sip://" + phone.hostPort() + "?" + trunkOptions, "limited"))));
                 var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> running = new ArrayList<>();
                for (int i = 0; i < calls; i++) {
                    long id = i;
                    running.add(pool.submit(() -> {
                        CallLeg leg = sip.dial(id, "4930123456", "4915112345678", 20, QUIET);
                        assertThat(leg.awaitAnswer().outcome()).isEqualTo(CallLeg.Outcome.ANSWERED);
                        long answered = System.nanoTime();
                        Thread.sleep(talkMillis);
                        leg.hangUp();
                        spans.add(new Span(answered, System.nanoTime()));
                        return null;
                    }));
                }
                for (Future<?> f : running) f.get();
            }
            SipFixture.assertScenarioPassed(phone);
            return List.copyOf(spans);
        }
    }

    @Test
    void aTrunkAtMaxCallsHoldsTheNextCallUntilOneEnds() throws Exception {
        List<Span> spans = dialAtOnce("max_calls=1&cps=0", 3, 400);
        assertThat(spans).hasSize(3);
        List<Span> byAnswer = spans.stream().sorted(java.util.Comparator.comparingLong(Span::answeredNanos)).toList();
        for (int i = 1; i < byAnswer.size(); i++) {
            assertThat(byAnswer.get(i).answeredNanos()).as("call %d answered after call %d ended", i, i - 1)
                    .isGreaterThanOrEqualTo(byAnswer.get(i - 1).endedNanos());
        }
    }

    @Test
    void invitesLeaveNoFasterThanTheTrunksCallsPerSecond() throws Exception {
        List<Span> spans = dialAtOnce("max_calls=10&cps=5", 5, 100);
        long first = spans.stream().mapToLong(Span::answeredNanos).min().orElseThrow();
        long last = spans.stream().mapToLong(Span::answeredNanos).max().orElseThrow();
        // five INVITEs at 5 a second: the last leaves 0.8 s after the first
        assertThat((last - first) / 1_000_000).isGreaterThanOrEqualTo(700);
    }
}
