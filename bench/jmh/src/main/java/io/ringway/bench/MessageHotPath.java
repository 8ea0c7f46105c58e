package io.ringway.bench;

import io.ringway.account.RequestSignature;
import io.ringway.message.PriceTable;
import io.ringway.message.Recipients;
import io.ringway.message.Segmenter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The CPU work /api/sms does per request outside HTTP and the store: encoding, recipients, price, signature. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MessageHotPath {
    private final String gsmShort = "Your verification code is 481516. It expires in 10 minutes.";
    private final String gsmLong = "Dear customer, ".repeat(30);
    private final String unicode = "Привет! Ваш код 481516 — действителен 10 минут. 😀";
    private final Recipients recipients = new Recipients();
    private final PriceTable prices = new PriceTable("EUR", new BigDecimal("0.09"), List.of(
            PriceTable.entry("DE", null, new BigDecimal("0.075"), null, "262", null),
            PriceTable.entry("AT", null, new BigDecimal("0.079"), null, "232", null),
            PriceTable.entry("US", null, new BigDecimal("0.019"), null, "310", null)));
    private final byte[] body = "{\"to\":\"4915112345678\",\"text\":\"hello\"}".getBytes(StandardCharsets.UTF_8);

    @Benchmark
    public Object encodeGsmOnePart() { return Segmenter.encode(gsmShort, false); }

    @Benchmark
    public Object encodeGsmFourParts() { return Segmenter.encode(gsmLong, false); }

    @Benchmark
    public Object encodeUcs2() { return Segmenter.encode(unicode, false); }

    @Benchmark
    public Object recipientCached() { return recipients.parse(List.of("+4915112345678"), "DE"); }

    @Benchmark
    public long price() { return prices.priceMicros("4915112345678", "DE", 2); }

    @Benchmark
    public String signature() {
        return RequestSignature.sign("secret-of-forty-characters-0123456789abc", "1795306638", "rskrqy7kuahuu8e3c4x3g9woalv6qcax",
                "POST", "http://127.0.0.1:8077/api/sms", body);
    }
}
