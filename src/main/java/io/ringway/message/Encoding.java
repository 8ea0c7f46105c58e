package io.ringway.message;

/**
 * How a message's text is carried over the air. The choice decides the per-part capacity (and hence the price),
 * which is why it is reported back to API clients.
 */
public enum Encoding {
    /** GSM 03.38 default alphabet, 7-bit septets (160 per single SMS). */
    GSM("gsm"),
    /** UCS-2 / UTF-16BE, 16-bit code units (70 per single SMS). */
    UCS2("ucs2"),
    /** Raw 8-bit user data behind a caller-supplied user data header. */
    BINARY("binary");

    private final String apiName;

    Encoding(String apiName) {
        this.apiName = apiName;
    }

    /** The name the sms77 API uses for this encoding in JSON replies. */
    public String apiName() {
        return apiName;
    }
}
