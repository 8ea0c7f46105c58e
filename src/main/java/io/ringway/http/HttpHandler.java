package io.ringway.http;

/** Handles one request; runs on a virtual thread, so it may block (store writes, waiting for a carrier). */
@FunctionalInterface
public interface HttpHandler {
    void handle(Exchange exchange) throws Exception;
}
