package io.ringway.carrier.sip;

import gov.nist.core.ServerLogger;
import gov.nist.core.StackLogger;
import gov.nist.javax.sip.message.SIPMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Properties;

/**
 * Where JAIN-SIP RI logs: SLF4J, so that the stack neither needs log4j (its default loggers load it) nor writes
 * files of its own. The stack asks {@link #isLoggingEnabled(int)} before building a message, so with the logger at
 * INFO only warnings and errors cost anything (its INFO level goes to DEBUG). Messages on the wire go to the {@code io.ringway.carrier.sip.wire}
 * logger at DEBUG.
 */
public final class SipStackLog implements StackLogger {
    private static final Logger log = LoggerFactory.getLogger("io.ringway.carrier.sip.stack");

    /** Named by the {@code gov.nist.javax.sip.STACK_LOGGER} property; the stack creates it by reflection. */
    public SipStackLog() {}

    @Override public void logStackTrace() {}
    @Override public void logStackTrace(int traceLevel) {}
    @Override public int getLineCount() { return 0; }
    @Override public void logException(Throwable ex) { log.warn("SIP stack: {}", ex.toString()); }
    @Override public void logDebug(String message) { log.debug(message); }
    @Override public void logDebug(String message, Exception ex) { log.debug(message, ex); }
    @Override public void logTrace(String message) { log.trace(message); }
    @Override public void logFatalError(String message) { log.error(message); }
    @Override public void logError(String message) { log.error(message); }
    @Override public boolean isLoggingEnabled() { return log.isWarnEnabled(); }

    @Override
    public boolean isLoggingEnabled(int level) {
        // The stack's INFO is chatty (it covers every message it handles): it goes to DEBUG.
        return level >= TRACE_INFO ? log.isDebugEnabled() : log.isWarnEnabled();
    }

    @Override public void logError(String message, Exception ex) { log.error(message, ex); }
    @Override
    public void logWarning(String message) {
        // At every start the stack warns that TLS has no key store; Ringway does not offer SIP over TLS.
        if (message != null && (message.contains("tls") || message.contains("TLS") || message.contains("keystore") || message.contains("truststore"))) {
            log.debug(message);
        } else {
            log.warn(message);
        }
    }
    @Override public void logInfo(String message) { log.debug(message); }
    @Override public void disableLogging() {}
    @Override public void enableLogging() {}
    @Override public void setBuildTimeStamp(String buildTimeStamp) {}
    @Override public void setStackProperties(Properties stackProperties) {}
    @Override public String getLoggerName() { return log.getName(); }

    /** Named by {@code gov.nist.javax.sip.SERVER_LOGGER}: the messages the stack sends and receives, at DEBUG. */
    public static final class Wire implements ServerLogger {
        private static final Logger wire = LoggerFactory.getLogger("io.ringway.carrier.sip.wire");

        public Wire() {}

        @Override public void closeLogFile() {}

        @Override
        public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
            if (wire.isDebugEnabled()) wire.debug("{} {} -> {}\n{}", sender ? "sent" : "received", from, to, message);
        }

        @Override
        public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
            logMessage(message, from, to, sender, time);
        }

        @Override
        public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
            logMessage(message, from, to, sender, 0);
        }

        @Override public void logException(Exception ex) { wire.debug("SIP message log: {}", ex.toString()); }
        @Override public void setStackProperties(Properties stackProperties) {}
        @Override public void setSipStack(javax.sip.SipStack sipStack) {}
    }
}
