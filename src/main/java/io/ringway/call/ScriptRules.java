package io.ringway.call;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Limits of a call script and the checks shared by the records (which refuse with IllegalArgumentException) and
 * the Voice XML reader (which refuses with a ScriptException naming the element and its position).
 */
final class ScriptRules {
    /** What sms77 accepts in {@code text}, markup included. */
    static final int MAX_INPUT_CHARS = 10_000;
    /** Spoken characters per call, counting loop repeats: the same bound as the input, so loops cannot multiply it. */
    static final int MAX_SPOKEN_CHARS = 10_000;
    /** Steps per call after loop expansion, counting those inside Gather prompts and branches. */
    static final int MAX_STEPS = 200;
    static final int MAX_LOOP = 10;
    static final int MIN_PAUSE = 1;
    static final int MAX_PAUSE = 600;
    static final int MIN_DIGITS = 1;
    static final int MAX_DIGITS = 20;
    static final int MIN_TIMEOUT = 1;
    static final int MAX_TIMEOUT = 60;
    static final int MAX_URL_CHARS = 2_000;
    /** Phone keys: DTMF has 16 tones, A-D being the fourth column some handsets and PBXs still send. */
    static final String KEYS = "0123456789*#ABCD";

    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}");
    // Voice names go to TTS engines' command lines and options (e.g. espeak-ng's "de+f3", Polly's "Polly.Vicki").
    private static final Pattern VOICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

    private ScriptRules() {}

    static boolean isKey(char c) {
        return KEYS.indexOf(c) >= 0;
    }

    static boolean isLanguageTag(String s) {
        return LANGUAGE.matcher(s).matches();
    }

    static boolean isVoiceName(String s) {
        return VOICE.matcher(s).matches();
    }

    /** Null if {@code url} is one Ringway may fetch audio from, else what is wrong with it. */
    static String urlProblem(URI url) {
        String scheme = url.getScheme();
        if (!url.isAbsolute() || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            return "must be an absolute http:// or https:// URL";
        }
        if (url.getHost() == null || url.getHost().isEmpty()) return "has no host name";
        if (url.getRawUserInfo() != null) return "must not carry a user name or password";
        return null;
    }

    /** Null if a branch for {@code digits} can be reached in a Gather with these settings, else why not. */
    static String branchProblem(String digits, int numDigits, Character finishOnKey) {
        if (digits.isEmpty()) return "is empty: give the keys to press, e.g. digits=\"1\"";
        for (int i = 0; i < digits.length(); i++) {
            if (!isKey(digits.charAt(i))) {
                return "has '" + digits.charAt(i) + "': keys are 0-9, *, # and A-D";
            }
        }
        if (digits.length() > numDigits) {
            return "can never be entered: the Gather takes " + numDigits + " digit" + (numDigits == 1 ? "" : "s");
        }
        if (finishOnKey != null && digits.indexOf(finishOnKey) >= 0) {
            return "can never be entered: '" + finishOnKey + "' is the finishOnKey, which ends the input";
        }
        return null;
    }

    static boolean inRange(int value, int min, int max) {
        return value >= min && value <= max;
    }
}
