package io.ringway.api.sms77;

import io.ringway.account.Account;
import io.ringway.account.Accounts;
import io.ringway.dispatch.Dispatcher;
import io.ringway.http.Exchange;
import io.ringway.http.HttpHandler;
import io.ringway.http.Router;
import io.ringway.call.Calls;
import io.ringway.call.Switchboard;
import io.ringway.inbound.Inbound;
import io.ringway.message.Messages;
import io.ringway.webhook.Webhooks;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;

/** The sms77 HTTP API under {@code /api}: registers its routes, nothing else is public. */
public final class Sms77Api {
    private Sms77Api() {}

    /** An endpoint body, called with the request's parameters and the authenticated account. */
    @FunctionalInterface
    private interface Endpoint {
        void handle(Exchange ex, Params params, Account account) throws Exception;
    }

    /** Every endpoint but the inbound journal (no {@link Inbound} wired). */
    public static void register(Router router, Accounts accounts, Messages messages, Dispatcher dispatcher, Webhooks webhooks,
                                Clock clock, ZoneId zone, long awaitSubmitMillis) {
        register(router, accounts, messages, dispatcher, webhooks, clock, zone, awaitSubmitMillis, null);
    }

    /** What {@code /api/voice} works with; {@code audioDir} holds what sandbox callees heard. */
    public record Voice(Calls calls, Switchboard switchboard, Path audioDir) {}

    /** Every endpoint but voice; {@code inbound} answers {@code /api/journal/inbound} ({@code null}: that route is left out). */
    public static void register(Router router, Accounts accounts, Messages messages, Dispatcher dispatcher, Webhooks webhooks,
                                Clock clock, ZoneId zone, long awaitSubmitMillis, Inbound inbound) {
        register(router, accounts, messages, dispatcher, webhooks, clock, zone, awaitSubmitMillis, inbound, null);
    }

    /** Every endpoint; {@code inbound} and {@code voice} may be {@code null}, which leaves their routes out. */
    public static void register(Router router, Accounts accounts, Messages messages, Dispatcher dispatcher, Webhooks webhooks,
                                Clock clock, ZoneId zone, long awaitSubmitMillis, Inbound inbound, Voice voice) {
        Authenticator auth = new Authenticator(accounts, clock);
        Replies replies = new Replies(zone);
        SmsEndpoint sms = new SmsEndpoint(messages, dispatcher, clock, awaitSubmitMillis);
        StatusEndpoint status = new StatusEndpoint(messages, replies);
        AccountEndpoints account = new AccountEndpoints(accounts, messages.prices());
        HooksEndpoint hooks = new HooksEndpoint(webhooks, zone);

        router.add("GET", "/api/sms", authenticated(auth, sms::send));
        router.add("POST", "/api/sms", authenticated(auth, sms::send));
        router.add("DELETE", "/api/sms", authenticated(auth, sms::delete));
        router.add("GET", "/api/balance", authenticated(auth, account::balance));
        router.add("POST", "/api/balance", authenticated(auth, account::balance));
        router.add("GET", "/api/status", authenticated(auth, status::status));
        router.add("POST", "/api/status", authenticated(auth, status::status));
        router.add("GET", "/api/pricing", authenticated(auth, account::pricing));
        router.add("POST", "/api/pricing", authenticated(auth, account::pricing));
        for (String method : new String[] {"GET", "POST", "DELETE"}) router.add(method, "/api/hooks", authenticated(auth, hooks::handle));
        router.add("GET", "/api/hooks/deliveries", authenticated(auth, hooks::deliveries));
        VoiceEndpoint calls = voice == null ? null : new VoiceEndpoint(voice.calls(), voice.switchboard(), voice.audioDir(), zone);
        if (calls != null) {
            router.add("GET", "/api/voice", authenticated(auth, calls::call));
            router.add("POST", "/api/voice", authenticated(auth, calls::call));
            router.add("POST", "/api/voice/{id}/hangup", authenticated(auth, calls::hangUp));
            router.add("GET", "/api/voice/{id}/audio", authenticated(auth, calls::audio));
            for (String method : new String[] {"GET", "POST"}) router.add(method, "/api/journal/voice", authenticated(auth, calls::journal));
        }
        if (inbound != null) {
            JournalEndpoint journal = new JournalEndpoint(inbound, calls, zone);
            for (String method : new String[] {"GET", "POST"}) {
                router.add(method, "/api/journal/inbound", authenticated(auth, journal::inbound));
                router.add(method, "/api/journal", authenticated(auth, journal::byType));
            }
        }
    }

    /** Parses parameters, authenticates, runs the endpoint; an {@link ApiCode} becomes its bare code. */
    private static HttpHandler authenticated(Authenticator auth, Endpoint endpoint) {
        return ex -> {
            try {
                Params params = Params.of(ex);
                endpoint.handle(ex, params, auth.authenticate(ex, params));
            } catch (ApiCode code) {
                Replies.code(ex, code.code());
            }
        };
    }
}
