package io.ringway.carrier.smpp;

import io.ringway.carrier.SmsConnector;
import io.ringway.store.Store;

import java.time.Clock;

/** SMPP 3.4 connectors to SMSCs (docs/smpp.md). */
public final class Smpp {
    private Smpp() {}

    /** A connector for {@code settings}; it binds when started and keeps its parts' SMSC ids in {@code store}. */
    public static SmsConnector connector(SmppSettings settings, Store store, Clock clock) {
        return new SmppConnector(settings, store, clock);
    }
}
