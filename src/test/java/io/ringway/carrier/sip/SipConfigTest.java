package io.ringway.carrier.sip;

import io.ringway.config.ConfigException;
import io.ringway.testing.TestGateway;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A mistake in the SIP settings stops the start and names the setting, before anything listens. */
class SipConfigTest {
    @Test
    void badTrunksAndPortRangesStopTheStart() {
        assertThatThrownBy(() -> TestGateway.start(Map.of("RINGWAY_SIP_TRUNKS", "sip://127.0.0.1:5099 sip://127.0.0.1?maxcalls=3")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sip.trunks[1]: unknown SIP trunk option \"maxcalls\"");
        assertThatThrownBy(() -> TestGateway.start(Map.of("RINGWAY_SIP_TRUNKS", "sip://127.0.0.1", "RINGWAY_SIP_RTP_PORTS", "20000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sip.rtp_ports must be a range");
        assertThatThrownBy(() -> TestGateway.start(Map.of("RINGWAY_SIP_TRUNKS", "sip://127.0.0.1", "RINGWAY_SIP_PORT", "70000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sip.port must be 1..65535");
    }
}
