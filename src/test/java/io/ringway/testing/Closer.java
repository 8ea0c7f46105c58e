package io.ringway.testing;

import java.util.ArrayList;
import java.util.List;

/** What a test started (gateways, simulators, receivers), closed in reverse order when the test ends. */
public final class Closer implements AutoCloseable {
    private final List<AutoCloseable> open = new ArrayList<>();

    public <T extends AutoCloseable> T keep(T resource) {
        open.add(resource);
        return resource;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : open.reversed()) c.close();
        open.clear();
    }
}
