package io.ringway.dispatch;

import io.ringway.carrier.ReceiptSink;
import io.ringway.carrier.SmsConnector;
import io.ringway.carrier.SubmitResult;
import io.ringway.message.Message;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Several connectors behind one: a message goes to the connectors whose prefixes match its recipient (the longest
 * matching prefix first, then the higher priority; a connector without prefixes matches every recipient with length 0),
 * and fails over to the next when one cannot take submits or answers with a temporary error. A permanent refusal is
 * final. When no route matches, the fallback (the sandbox, unless a connector without prefixes exists) takes it.
 */
public final class Routes implements SmsConnector {
    /** A connector with the recipient prefixes it serves (none: every recipient) and its priority among equals. */
    public record Route(SmsConnector connector, List<String> prefixes, int priority) {}

    private record Candidate(Route route, int matched) {}

    private final List<Route> routes;
    private final SmsConnector fallback;

    public Routes(List<Route> routes, SmsConnector fallback) {
        this.routes = List.copyOf(routes);
        this.fallback = fallback;
    }

    @Override
    public String name() { return "routes"; }

    @Override
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (Route r : routes) out.add(r.connector().name());
        if (fallback != null) out.add(fallback.name());
        return out;
    }

    /** The connectors each, then the fallback (also when it is used by no message yet, so its receipts resume). */
    public List<SmsConnector> connectors() {
        List<SmsConnector> out = new ArrayList<>();
        for (Route r : routes) out.add(r.connector());
        if (fallback != null) out.add(fallback);
        return out;
    }

    @Override
    public void start(ReceiptSink receipts) {
        for (SmsConnector c : connectors()) c.start(receipts);
    }

    /** The connectors to try for {@code recipient}, in order: available ones first, each group by match and priority. */
    List<SmsConnector> candidates(String recipient) {
        List<Candidate> matches = new ArrayList<>();
        for (Route r : routes) {
            int best = r.prefixes().isEmpty() ? 0 : -1;
            for (String p : r.prefixes()) if (recipient.startsWith(p)) best = Math.max(best, p.length());
            if (best >= 0) matches.add(new Candidate(r, best));
        }
        matches.sort(Comparator.comparingInt((Candidate c) -> -c.matched()).thenComparingInt(c -> -c.route().priority()));
        List<SmsConnector> up = new ArrayList<>(), down = new ArrayList<>();
        for (Candidate c : matches) (c.route().connector().available() ? up : down).add(c.route().connector());
        up.addAll(down);
        if (up.isEmpty() && fallback != null) up.add(fallback);
        return up;
    }

    @Override
    public CompletionStage<SubmitResult> submit(Message m) {
        List<SmsConnector> order = candidates(m.recipient());
        if (order.isEmpty()) return CompletableFuture.completedFuture(new SubmitResult.PermanentFailure("no route to " + m.recipient()));
        return attempt(m, order, 0, null);
    }

    private CompletionStage<SubmitResult> attempt(Message m, List<SmsConnector> order, int i, String errors) {
        SmsConnector c = order.get(i);
        return c.submit(m).thenCompose(result -> switch (result) {
            case SubmitResult.Accepted a -> CompletableFuture.completedFuture(a.by(c.name()));
            case SubmitResult.PermanentFailure p -> CompletableFuture.completedFuture(p.by(c.name()));
            case SubmitResult.TemporaryFailure t -> {
                String all = (errors == null ? "" : errors + "; ") + c.name() + ": " + t.error();
                yield i + 1 < order.size() ? attempt(m, order, i + 1, all)
                        : CompletableFuture.completedFuture(new SubmitResult.TemporaryFailure(all));
            }
        });
    }

    @Override
    public List<java.util.Map<String, Object>> status() {
        List<java.util.Map<String, Object>> out = new ArrayList<>();
        for (Route r : routes) {
            for (var st : r.connector().status()) {
                var m = new java.util.LinkedHashMap<>(st);
                m.put("prefixes", r.prefixes());
                m.put("priority", r.priority());
                out.add(m);
            }
        }
        if (fallback != null) out.addAll(fallback.status());
        return out;
    }

    @Override
    public void resume(List<Message> inFlight) {
        for (SmsConnector c : connectors()) {
            List<Message> mine = inFlight.stream().filter(m -> c.name().equals(m.connector())).toList();
            c.resume(mine);
        }
    }

    @Override
    public void close() {
        for (SmsConnector c : connectors().reversed()) c.close();
    }
}
