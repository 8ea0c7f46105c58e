package io.ringway.carrier.smpp;

/**
 * Source address TON/NPI when the connector does not fix them: an alphanumeric sender is TON 5 (alphanumeric) NPI 0;
 * a number with '+' or of 9 digits and more is international (1/1, the '+' dropped); a shorter number, a short code,
 * is unknown/ISDN (0/1).
 */
final class Addresses {
    record Address(int ton, int npi, String address) {}

    private Addresses() {}

    static Address source(String sender, SmppSettings s) {
        String a = sender == null ? "" : sender.strip();
        boolean plus = a.startsWith("+");
        String digits = plus ? a.substring(1) : a;
        boolean numeric = !digits.isEmpty() && digits.chars().allMatch(c -> c >= '0' && c <= '9');
        if (s.sourceTon() != null) {
            return new Address(s.sourceTon(), s.sourceNpi() != null ? s.sourceNpi() : 0, numeric ? digits : a);
        }
        if (!numeric) return new Address(5, 0, a);
        if (plus || digits.length() >= 9) return new Address(1, s.sourceNpi() != null ? s.sourceNpi() : 1, digits);
        return new Address(0, s.sourceNpi() != null ? s.sourceNpi() : 1, digits);
    }
}
