package io.ringway.carrier;

import java.util.List;
import java.util.Map;

/**
 * A way to place phone calls: the sandbox callee, a SIP trunk, ... {@link #dial} starts one outbound call and returns
 * its {@link CallLeg}, on which the call's script is played. Calls run on virtual threads of their own, which block
 * in the leg's methods.
 */
public interface VoiceConnector extends AutoCloseable {
    /** Stable name, stored with each call it placed. */
    String name();

    /**
     * Starts calling {@code to} (E.164 digits) from {@code callerId}; returns at once. The leg reports ringing and
     * keys through {@code events}, from the connector's threads.
     */
    CallLeg dial(long callId, String callerId, String to, int ringSeconds, CallLeg.Events events);

    /** What an operator sees of it (name, state, counters), as JSON-ready values. */
    default List<Map<String, Object>> status() { return List.of(Map.of("name", name(), "state", "ready")); }

    @Override
    default void close() {}
}
