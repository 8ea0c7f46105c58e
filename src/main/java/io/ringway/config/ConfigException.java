package io.ringway.config;

/** A configuration problem, with a message meant for the operator who has to fix it. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) { super(message); }
    public ConfigException(String message, Throwable cause) { super(message, cause); }
}
