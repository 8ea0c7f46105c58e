package io.ringway.carrier.smpp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmppSettingsTest {
    @Test
    void theBenchmarkUrlGivesItsValuesAndTheDefaultsTheRest() {
        SmppSettings s = SmppSettings.parse("smpp://ringway:secret@127.0.0.1:2775?window=100&throughput=0&bind=trx", "smpp1");
        assertThat(s.name()).isEqualTo("smpp1");
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(2775);
        assertThat(s.systemId()).isEqualTo("ringway");
        assertThat(s.password()).isEqualTo("secret");
        assertThat(s.window()).isEqualTo(100);
        assertThat(s.throughput()).isZero();
        assertThat(s.bind()).isEqualTo(SmppSettings.Bind.TRX);
        assertThat(s.tls()).isFalse();
        assertThat(s.registeredDelivery()).isEqualTo(1);
        assertThat(s.longMessages()).isEqualTo(SmppSettings.LongMessages.UDH8);
        assertThat(s.destTon()).isEqualTo(1);
        assertThat(s.sourceTon()).isNull();
        assertThat(s.display()).isEqualTo("smpp://ringway@127.0.0.1:2775").doesNotContain("secret");
    }

    @Test
    void everyOptionIsRead() {
        SmppSettings s = SmppSettings.parse("smpps://sys%40id:p%26ss@smsc.example.net?name=carrierA&bind=tx+rx&window=5&throughput=30"
                + "&enquire_link=10&reconnect_ms=200&reconnect_max_ms=5000&timeout_ms=3000&throttle_backoff_ms=50&source_ton=5&source_npi=0"
                + "&dest_ton=0&dest_npi=9&registered_delivery=0&long=sar&gsm_coding=1&resp_id=hex&dlr_id=dec&prefix=49,+43&priority=3"
                + "&system_type=VMA&tls_trust_all=true", "x");
        assertThat(s.name()).isEqualTo("carrierA");
        assertThat(s.systemId()).isEqualTo("sys@id");
        assertThat(s.password()).isEqualTo("p&ss");
        assertThat(s.tls()).isTrue();
        assertThat(s.tlsTrustAll()).isTrue();
        assertThat(s.port()).isEqualTo(3550);
        assertThat(s.bind()).isEqualTo(SmppSettings.Bind.TX_RX);
        assertThat(s.window()).isEqualTo(5);
        assertThat(s.throughput()).isEqualTo(30);
        assertThat(s.enquireLinkSeconds()).isEqualTo(10);
        assertThat(s.reconnectMillis()).isEqualTo(200);
        assertThat(s.reconnectMaxMillis()).isEqualTo(5000);
        assertThat(s.responseTimeoutMillis()).isEqualTo(3000);
        assertThat(s.throttleBackoffMillis()).isEqualTo(50);
        assertThat(s.sourceTon()).isEqualTo(5);
        assertThat(s.sourceNpi()).isZero();
        assertThat(s.destTon()).isZero();
        assertThat(s.destNpi()).isEqualTo(9);
        assertThat(s.registeredDelivery()).isZero();
        assertThat(s.longMessages()).isEqualTo(SmppSettings.LongMessages.SAR);
        assertThat(s.gsmDataCoding()).isEqualTo(1);
        assertThat(s.respIdFormat()).isEqualTo(SmppSettings.IdFormat.HEX);
        assertThat(s.dlrIdFormat()).isEqualTo(SmppSettings.IdFormat.DEC);
        assertThat(s.prefixes()).containsExactly("49", "43");
        assertThat(s.priority()).isEqualTo(3);
        assertThat(s.systemType()).isEqualTo("VMA");
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> SmppSettings.parse("http://a:b@h:1", "x")).hasMessageContaining("smpp://");
        assertThatThrownBy(() -> SmppSettings.parse("smpp://h:2775", "x")).hasMessageContaining("system_id");
        assertThatThrownBy(() -> SmppSettings.parse("smpp://a:b@h:1?windw=3", "x")).hasMessageContaining("unknown SMPP option \"windw\"");
        assertThatThrownBy(() -> SmppSettings.parse("smpp://a:b@h:1?window=0", "x")).hasMessageContaining("window must be between 1");
        assertThatThrownBy(() -> SmppSettings.parse("smpp://a:b@h:1?window=ten", "x")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> SmppSettings.parse("smpp://a:b@h:1?bind=rx", "x")).hasMessageContaining("trx or tx+rx");
        assertThatThrownBy(() -> SmppSettings.parse("smpp://a:b@h:1?long=udh32", "x")).hasMessageContaining("udh8, udh16, sar or payload");
        assertThatThrownBy(() -> SmppSettings.parse("smpp://a:b@h:1?prefix=49a", "x")).hasMessageContaining("digits");
        assertThatThrownBy(() -> SmppSettings.parse("smpp://a:b@h:1?window=1&window=2", "x")).hasMessageContaining("twice");
    }
}
