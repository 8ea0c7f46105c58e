package io.ringway.carrier.sip;

import gov.nist.javax.sip.SipStackExt;
import gov.nist.javax.sip.clientauthutils.AuthenticationHelper;
import gov.nist.javax.sip.clientauthutils.UserCredentials;
import io.ringway.carrier.CallLeg;
import io.ringway.carrier.VoiceConnector;
import io.ringway.media.RtpPacer;
import io.ringway.media.RtpPorts;
import io.ringway.media.RtpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Places calls over SIP trunks with JAIN-SIP RI: one stack, UDP and TCP on one local port, every call's INVITE with an
 * SDP offer of G.711 and telephone-events. The stack's threads deliver responses and requests here; they are passed to
 * the {@link SipCall} they belong to (by Call-ID) and never block. Requests the other side sends within a call — BYE,
 * re-INVITE and UPDATE (session refresh), INFO (keys), OPTIONS — are answered here.
 */
final class SipConnector implements VoiceConnector, SipListener {
    private static final Logger log = LoggerFactory.getLogger(SipConnector.class);

    private final Sip.Options options;
    private final Trunks trunks;
    private final RtpPorts ports;
    private final RtpPacer pacer;
    private final SipStack stack;
    private final SipProvider provider;
    private final AddressFactory addresses;
    private final HeaderFactory headers;
    private final MessageFactory messages;
    private final AuthenticationHelper auth;
    private final Map<String, SipCall> calls = new ConcurrentHashMap<>();
    // RTP packets of calls that ended; the status adds those of calls still running
    private final java.util.concurrent.atomic.LongAdder packetsSent = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder packetsReceived = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder packetsDropped = new java.util.concurrent.atomic.LongAdder();
    private final java.util.Set<RtpSession> sessions = ConcurrentHashMap.newKeySet();
    private final long sessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);

    SipConnector(Sip.Options options) {
        this.options = options;
        this.trunks = new Trunks(options.trunks());
        try {
            this.ports = new RtpPorts(java.net.InetAddress.getByName(options.host()), options.rtpPortMin(), options.rtpPortMax());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("sip.host " + options.host() + ": " + e.getMessage(), e);
        }
        this.pacer = new RtpPacer();
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "ringway-" + options.host() + "-" + options.port());
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", SipStackLog.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", SipStackLog.Wire.class.getName());
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "8");
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        try {
            this.addresses = factory.createAddressFactory();
            this.headers = factory.createHeaderFactory();
            this.messages = factory.createMessageFactory();
            this.stack = factory.createSipStack(p);
            ListeningPoint udp = stack.createListeningPoint(options.host(), options.port(), ListeningPoint.UDP);
            ListeningPoint tcp = stack.createListeningPoint(options.host(), options.port(), ListeningPoint.TCP);
            this.provider = stack.createSipProvider(udp);
            provider.addListeningPoint(tcp);
            provider.addSipListener(this);
            this.auth = ((SipStackExt) stack).getAuthenticationHelper(this::credentials, headers);
            stack.start();
        } catch (Exception e) {
            throw new IllegalStateException("SIP on " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
        }
        log.info("SIP on {}:{} (udp, tcp); trunks {}", options.host(), options.port(), options.trunks().stream().map(SipTrunk::display).toList());
    }

    @Override
    public String name() { return "sip"; }

    @Override
    public CallLeg dial(long callId, String callerId, String to, int ringSeconds, CallLeg.Events events) {
        return new SipCall(this, callId, callerId, to, ringSeconds, events);
    }

    @Override
    public List<Map<String, Object>> status() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Trunks.Trunk t : trunks.inOrder()) out.add(t.status());
        Map<String, Object> media = new java.util.LinkedHashMap<>();
        media.put("name", "rtp");
        media.put("streams", pacer.streams());
        media.putAll(pacing(pacer.stats()));
        media.put("recent", pacing(pacer.recent()));
        long sent = packetsSent.sum(), received = packetsReceived.sum(), dropped = packetsDropped.sum();
        for (RtpSession r : sessions) {
            sent += r.packetsSent();
            received += r.packetsReceived();
            dropped += r.packetsDropped();
        }
        media.put("packets_sent", sent);
        media.put("packets_received", received);
        media.put("send_dropped", dropped);
        out.add(media);
        return out;
    }

    private static Map<String, Object> pacing(RtpPacer.Stats p) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("frames", p.frames());
        m.put("late_frames", p.lateFrames());
        m.put("skipped_frames", p.skippedFrames());
        m.put("lateness_p50_us", p.p50Micros());
        m.put("lateness_p99_us", p.p99Micros());
        m.put("lateness_max_us", p.maxMicros());
        return m;
    }

    Trunks trunks() { return trunks; }

    RtpSession openMedia(SipCall call) throws IOException {
        RtpSession session = RtpSession.open(ports, pacer);
        session.onKey(call::onKey);
        sessions.add(session);
        return session;
    }

    /** Whether a call with this answer is searched for key tones (sip.inband_dtmf). */
    boolean listensInBand(Sdp.Media remote) {
        return switch (options.inBandKeys()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> remote.telephoneEventPayloadType() < 0;
        };
    }

    /** Closes a call's RTP session and keeps its packet counts for the status. */
    void closeMedia(RtpSession session) {
        session.close();
        if (sessions.remove(session)) {
            packetsSent.add(session.packetsSent());
            packetsReceived.add(session.packetsReceived());
            packetsDropped.add(session.packetsDropped());
        }
    }

    /** Builds and sends the INVITE of {@code call} on {@code trunk}; its Call-ID maps responses back to the call. */
    ClientTransaction sendInvite(SipCall call, Trunks.Trunk trunk, int rtpPort) throws Exception {
        SipTrunk t = trunk.settings;
        SipURI target = addresses.createSipURI(call.to, t.host());
        target.setPort(t.port());
        target.setTransportParam(t.transport());
        target.setParameter("user", "phone");
        String callerUser = call.callerId == null || call.callerId.isBlank() ? "anonymous" : call.callerId;
        SipURI fromUri = addresses.createSipURI(callerUser, t.fromDomain());
        Address from = addresses.createAddress(fromUri);
        SipURI toUri = addresses.createSipURI(call.to, t.host());
        CallIdHeader callId = provider.getNewCallId();
        Request invite = messages.createRequest(target, Request.INVITE, callId, headers.createCSeqHeader(1L, Request.INVITE),
                headers.createFromHeader(from, tag()), headers.createToHeader(addresses.createAddress(toUri), null),
                List.of(headers.createViaHeader(options.host(), options.port(), t.transport(), null)),
                headers.createMaxForwardsHeader(70), headers.createContentTypeHeader("application", "sdp"),
                Sdp.offer(options.host(), rtpPort, sessionId, 1));
        invite.addHeader(contact(t.transport()));
        invite.addHeader(headers.createUserAgentHeader(List.of("Ringway")));
        invite.addHeader(headers.createAllowHeader("INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE"));
        if (t.assertIdentity() && call.callerId != null && !call.callerId.isBlank()) {
            invite.addHeader(headers.createHeader("P-Asserted-Identity", "<sip:+" + call.callerId + "@" + t.fromDomain() + ">"));
        }
        ClientTransaction ct = provider.getNewClientTransaction(invite);
        calls.put(callId.getCallId(), call);
        ct.sendRequest();
        return ct;
    }

    String callIdOf(ClientTransaction ct) { return ((CallIdHeader) ct.getRequest().getHeader(CallIdHeader.NAME)).getCallId(); }

    ClientTransaction answerChallenge(ResponseEvent event) throws SipException {
        ClientTransaction retry = auth.handleChallenge(event.getResponse(), event.getClientTransaction(), provider, 5, true);
        retry.sendRequest();
        return retry;
    }

    private UserCredentials credentials(ClientTransaction challenged, String realm) {
        SipCall call = calls.get(callIdOf(challenged));
        Trunks.Trunk trunk = call == null ? null : call.trunk();
        SipTrunk t = trunk == null ? null : trunk.settings;
        return new UserCredentials() {
            @Override public String getUserName() { return t == null ? "" : t.user(); }
            @Override public String getPassword() { return t == null ? "" : t.password(); }
            @Override public String getSipDomain() { return realm; }
        };
    }

    void ack(Dialog dialog, Response ok) {
        if (dialog == null) return;
        try {
            long cseq = ((CSeqHeader) ok.getHeader(CSeqHeader.NAME)).getSeqNumber();
            dialog.sendAck(dialog.createAck(cseq));
        } catch (Exception e) {
            log.warn("SIP ACK failed: {}", e.getMessage());
        }
    }

    void bye(Dialog dialog) {
        if (dialog == null) return;
        try {
            Request bye = dialog.createRequest(Request.BYE);
            dialog.sendRequest(provider.getNewClientTransaction(bye));
        } catch (Exception e) {
            log.warn("SIP BYE failed: {}", e.getMessage());
        }
    }

    void cancel(ClientTransaction invite) {
        try {
            provider.getNewClientTransaction(invite.createCancel()).sendRequest();
        } catch (Exception e) {
            log.warn("SIP CANCEL failed: {}", e.getMessage());
        }
    }

    void forget(SipCall call, String sipCallId) {
        if (sipCallId != null) calls.remove(sipCallId, call);
    }

    @Override
    public void processResponse(ResponseEvent event) {
        Response r = event.getResponse();
        CSeqHeader cseq = (CSeqHeader) r.getHeader(CSeqHeader.NAME);
        SipCall call = calls.get(((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId());
        if (call == null) {
            // A 200 to an INVITE whose call is gone (a late answer after a CANCEL): acknowledge it and end it.
            if (cseq.getMethod().equals(Request.INVITE) && r.getStatusCode() / 100 == 2 && event.getDialog() != null) {
                ack(event.getDialog(), r);
                bye(event.getDialog());
            }
            return;
        }
        if (cseq.getMethod().equals(Request.INVITE)) call.onInviteResponse(event);
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod();
        SipCall call = calls.get(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId());
        try {
            switch (method) {
                case Request.ACK -> { }
                case Request.BYE -> {
                    respond(event, call == null ? Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST : Response.OK, null);
                    if (call != null) call.onBye();
                }
                case Request.INVITE, Request.UPDATE -> {
                    if (call == null || call.dialog() == null) {
                        // Ringway places calls; it takes none.
                        respond(event, method.equals(Request.INVITE) ? Response.FORBIDDEN : Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
                    } else {
                        // Session refresh or a re-offer: the call goes on with the codec it has.
                        respond(event, Response.OK, call);
                    }
                }
                case Request.INFO -> {
                    respond(event, call == null ? Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST : Response.OK, null);
                    Character key = DtmfRelay.key(request);
                    if (call != null && key != null) call.onKey(key);
                }
                case Request.OPTIONS -> respond(event, Response.OK, null);
                case Request.CANCEL -> respond(event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
                default -> respond(event, Response.METHOD_NOT_ALLOWED, null);
            }
        } catch (Exception e) {
            log.warn("SIP {}: no answer sent: {}", method, e.getMessage());
        }
    }

    private void respond(RequestEvent event, int status, SipCall withSdp) throws Exception {
        Request request = event.getRequest();
        Response response = messages.createResponse(status, request);
        if (status == Response.OK && withSdp != null) {
            response.addHeader(contact(transportOf(request)));
            Sdp.Media m = withSdp.remoteMedia();
            response.setContent(Sdp.answer(options.host(), withSdp.rtpPort(), sessionId, 2, m.audioPayloadType(), m.telephoneEventPayloadType()),
                    headers.createContentTypeHeader("application", "sdp"));
        }
        if (status == Response.OK && request.getMethod().equals(Request.OPTIONS)) {
            response.addHeader(headers.createAllowHeader("INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE"));
        }
        ServerTransaction st = event.getServerTransaction();
        if (st == null) st = provider.getNewServerTransaction(request);
        st.sendResponse(response);
    }

    private static String transportOf(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return via == null ? ListeningPoint.UDP : via.getTransport().toLowerCase(java.util.Locale.ROOT);
    }

    private ContactHeader contact(String transport) throws java.text.ParseException {
        SipURI uri = addresses.createSipURI("ringway", options.host());
        uri.setPort(options.port());
        uri.setTransportParam(transport);
        return headers.createContactHeader(addresses.createAddress(uri));
    }

    private static String tag() { return Long.toHexString(ThreadLocalRandom.current().nextLong()); }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (event.isServerTransaction()) return;
        ClientTransaction ct = event.getClientTransaction();
        if (!ct.getRequest().getMethod().equals(Request.INVITE)) return;
        SipCall call = calls.get(callIdOf(ct));
        if (call != null) call.onInviteTimeout(ct);
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        log.warn("SIP: I/O error towards {}:{} ({})", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {}

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {}

    @Override
    public void close() {
        for (SipCall c : calls.values()) c.hangUp();
        try {
            provider.removeSipListener(this);
            stack.stop();
        } catch (RuntimeException e) {
            log.warn("SIP stack stop: {}", e.getMessage());
        }
        pacer.close();
    }
}
