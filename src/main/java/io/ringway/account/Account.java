package io.ringway.account;

/**
 * An API customer and the settings its requests are handled with. The balance is not here: it lives only in the
 * store, where the writer checks and changes it.
 */
public record Account(
        long id,
        String name,
        String currency,
        String defaultSender,
        String defaultCountry,
        boolean reloadLock,
        int dailyLimit,
        String signingSecret) {

    /** For logs: never print the signing secret. */
    @Override
    public String toString() { return "Account[" + id + " " + name + "]"; }
}
