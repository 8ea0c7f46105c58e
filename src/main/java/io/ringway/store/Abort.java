package io.ringway.store;

/**
 * Thrown by write work to undo its own statements and still answer its caller: the work's changes are rolled back
 * and {@link Store#write} returns {@link #result()}. Used for business refusals found half-way (e.g. the balance
 * ran out after lock rows were written).
 */
public final class Abort extends RuntimeException {
    private final transient Object result;

    public Abort(Object result) {
        super(null, null, false, false);
        this.result = result;
    }

    public Object result() { return result; }
}
