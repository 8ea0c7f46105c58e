package io.ringway.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguagesTest {

    @Test
    void germanAndEnglishSentences() {
        assertThat(Languages.detect(EspeakNgTest.GERMAN, "en")).isEqualTo("de");
        assertThat(Languages.detect(EspeakNgTest.ENGLISH, "de")).isEqualTo("en");
        assertThat(Languages.detect("Ihr Bestätigungscode lautet 4 7 1 1.", "en")).isEqualTo("de");
        assertThat(Languages.detect("Your verification code is 4 7 1 1.", "de")).isEqualTo("en");
        assertThat(Languages.detect("Bitte rufen Sie uns zurück, wir sind bis 18 Uhr erreichbar.", "en")).isEqualTo("de");
        assertThat(Languages.detect("Please call us back, we are open until 6 pm.", "de")).isEqualTo("en");
    }

    @Test
    void ssmlMarkupDoesNotCount() {
        String ssml = "<speak><prosody rate=\"slow\">Ihr Paket ist da, bitte holen Sie es ab.</prosody><break time=\"1s\"/></speak>";
        assertThat(Languages.detect(ssml, "en")).isEqualTo("de");
    }

    @Test
    void shortOrUnclearTextGetsTheFallback() {
        assertThat(Languages.detect("OK", "de")).isEqualTo("de");
        assertThat(Languages.detect("Hello Max", "de")).isEqualTo("de");
        assertThat(Languages.detect("4711 0815 42", "en")).isEqualTo("en");
        assertThat(Languages.detect("", "en")).isEqualTo("en");
        assertThat(Languages.detect(null, "en")).isEqualTo("en");
        assertThat(Languages.detect("Die Bank, the bank, das Auto, the car", "fr")).isEqualTo("fr"); // mixed: no winner
    }
}
