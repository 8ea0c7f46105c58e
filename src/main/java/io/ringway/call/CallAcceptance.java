package io.ringway.call;

/**
 * What became of a {@link CallRequest}: refused ({@code refusal}, {@code detail} for invalid parameters), priced
 * only ({@code debug}), or accepted and charged for its first minute ({@code call}). Money in micro-units.
 */
public record CallAcceptance(CallRefusal refusal, String detail, Call call, String callerId, String recipient,
                             long priceMicros, long balanceMicros, boolean debug) {
    static CallAcceptance refused(CallRefusal refusal, String detail) {
        return new CallAcceptance(refusal, detail, null, null, null, 0, 0, false);
    }

    public boolean accepted() { return refusal == null; }
}
