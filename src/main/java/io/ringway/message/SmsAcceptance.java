package io.ringway.message;

import java.util.List;

/**
 * What became of an SMS request: per recipient either a stored message or the reason it was refused, and for the
 * whole request the refusal that stopped it (if any), the price and the balance after it.
 */
public record SmsAcceptance(
        Refusal refusal,
        String detail,
        List<Result> results,
        long totalMicros,
        long balanceMicros,
        boolean debug,
        SmsBody body,
        String sender,
        String text) {

    /** One recipient's outcome; {@code message} is set when it was stored. */
    public record Result(Recipients.Recipient recipient, long priceMicros, Message message, Refusal refusal) {
        public boolean success() { return refusal == null; }
    }

    static SmsAcceptance refused(Refusal refusal, String detail) {
        return new SmsAcceptance(refusal, detail, List.of(), 0, 0, false, null, null, null);
    }

    /** The sms77 return code: the request's refusal, else 100 when every recipient went through, else 101. */
    public int code() {
        if (refusal != null) return refusal.code();
        return results.stream().allMatch(Result::success) ? 100 : Refusal.SOME_FAILED.code();
    }

    /** Messages stored for sending now (not scheduled), which the dispatcher should get right away. */
    public List<Message> dueNow(long now) {
        return results.stream().map(Result::message).filter(m -> m != null && m.dueAt() <= now).toList();
    }
}
