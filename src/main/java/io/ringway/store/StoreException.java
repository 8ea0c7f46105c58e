package io.ringway.store;

/** The store could not do what was asked (database unreachable, disk full, ...). Nothing was committed. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) { super(message, cause); }
}
