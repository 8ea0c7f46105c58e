package io.ringway.carrier.sip;

import io.ringway.carrier.CallLeg.Answer;
import io.ringway.carrier.CallLeg.Outcome;

/** What a final non-2xx answer to an INVITE means for the call (the table in docs/sip.md). */
record FinalResponse(Answer answer, boolean nextTrunk) {
    /**
     * {@code cancelCause}: why we cancelled the INVITE, when we did (its 487 then says "as you asked");
     * {@code trunk}: named in the cause of a trunk failure.
     */
    static FinalResponse of(int code, String reason, String cancelCause, String trunk) {
        String cause = "SIP " + code + " " + reason;
        if (cancelCause != null && code == 487) return new FinalResponse(new Answer(Outcome.NO_ANSWER, cancelCause), false);
        return switch (code) {
            case 486, 600, 603 -> new FinalResponse(new Answer(Outcome.BUSY, "busy"), false);
            case 480, 408, 487 -> new FinalResponse(new Answer(Outcome.NO_ANSWER, cause), false);
            default -> code >= 500 && code < 600
                    // The trunk (not the callee) failed: another trunk may get through.
                    ? new FinalResponse(new Answer(Outcome.FAILED, cause + " from trunk " + trunk), true)
                    : new FinalResponse(new Answer(Outcome.FAILED, cause), false);
        };
    }
}
