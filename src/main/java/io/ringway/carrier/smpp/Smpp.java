package io.ringway.carrier.smpp;

import io.ringway.carrier.SmsConnector;
import io.ringway.store.Store;

import io.ringway.inbound.InboundSms;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** SMPP 3.4 connectors to SMSCs (docs/smpp.md). */
public final class Smpp {
    private Smpp() {}

    /**
     * A connector for {@code settings}; it binds when started, keeps its parts' SMSC ids in {@code store}, and hands
     * inbound SMS to {@code inbound}, acknowledging each to the SMSC once the returned future completes.
     */
    public static SmsConnector connector(SmppSettings settings, Store store, Clock clock,
                                         Function<InboundSms, CompletableFuture<Void>> inbound) {
        return new SmppConnector(settings, store, clock, inbound);
    }
}
