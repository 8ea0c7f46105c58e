package io.ringway.call;

import io.ringway.account.Money;
import io.ringway.store.Sql;
import io.ringway.webhook.Outbox;
import io.ringway.webhook.WebhookEvent;

import java.sql.SQLException;

/** A call's {@code voice_status} and {@code voice_dtmf} events, written to the outbox in the transaction of the change. */
final class CallEvents {
    private final Outbox outbox;

    CallEvents(Outbox outbox) { this.outbox = outbox; }

    void status(Sql sql, Call c, long now) throws SQLException {
        outbox.publish(sql, WebhookEvent.voiceStatus(c.accountId(), c.id(), c.callerId(), c.recipient(), c.status().apiName(),
                Long.toString(c.durationSeconds()), perMinute(c), now / 1000, now));
    }

    void key(Sql sql, Call c, char key, long now) throws SQLException {
        outbox.publish(sql, WebhookEvent.voiceDtmf(c.accountId(), c.id(), c.callerId(), c.recipient(), key, c.status().apiName(),
                c.durationSeconds(), perMinute(c), Money.fromMicros(c.chargedMicros()).doubleValue(), c.callerId(), now / 1000, now));
    }

    private static double perMinute(Call c) { return Money.fromMicros(c.pricePerMinuteMicros()).doubleValue(); }
}
