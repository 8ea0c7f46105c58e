package io.ringway.media;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Guesses whether a text is German or English, to pick a voice when the caller gave no language.
 *
 * <p>The rule: markup is removed (SSML tags would count as English), the text is split into words, and each word
 * scores a point for a language when it is one of that language's common function words below (words both languages
 * use, like "in", "an", "am", "was", "will", "so", are in neither list); a word with ä, ö, ü or ß scores a point for
 * German. The language with at least 2 points, at least twice the other's and 2 more than it, wins. Texts of fewer
 * than 3 words, and everything else, get the fallback: a wrong voice is worse than the configured default.
 */
public final class Languages {
    private static final Set<String> GERMAN = Set.of("der", "die", "das", "und", "ist", "nicht", "ein", "eine", "einen",
            "einem", "einer", "ich", "sie", "wir", "ihr", "ihre", "ihren", "ihnen", "es", "mit", "von", "zu", "den", "dem",
            "des", "auf", "für", "im", "sind", "wird", "werden", "haben", "hat", "bitte", "danke", "uhr", "heute", "morgen",
            "guten", "tag", "sehr", "auch", "noch", "nur", "oder", "aber", "wenn", "dass", "wie", "bei", "nach", "aus", "vom",
            "zum", "zur", "über", "unter", "ihrer", "sich", "können", "kann", "möchten", "wurde", "zwei", "drei",
            "vier", "fünf", "sechs", "sieben", "acht", "neun", "null", "eins", "hallo", "lautet");
    private static final Set<String> ENGLISH = Set.of("the", "and", "is", "are", "were", "be", "to", "of", "on", "for",
            "with", "you", "your", "we", "i", "it", "this", "that", "not", "a", "at", "by", "from", "have", "has", "would",
            "please", "thank", "thanks", "today", "tomorrow", "hello", "our", "my", "me", "can", "call", "number",
            "been", "there", "they", "what", "which", "when", "if", "or", "but", "one", "two", "three", "four", "five",
            "six", "seven", "eight", "nine", "zero", "o'clock", "good", "morning", "appointment", "reminder", "about");
    private static final Pattern MARKUP = Pattern.compile("<[^>]*>");
    private static final Pattern WORDS = Pattern.compile("[^\\p{L}']+");

    private Languages() {}

    /** "de" or "en", or {@code fallback} when the text is short or does not clearly lean to one of them. */
    public static String detect(String text, String fallback) {
        if (text == null) return fallback;
        String[] words = WORDS.split(MARKUP.matcher(text).replaceAll(" ").toLowerCase(Locale.ROOT).strip());
        int german = 0, english = 0, counted = 0;
        for (String w : words) {
            if (w.isEmpty()) continue;
            counted++;
            if (GERMAN.contains(w) || w.indexOf('ä') >= 0 || w.indexOf('ö') >= 0 || w.indexOf('ü') >= 0 || w.indexOf('ß') >= 0) {
                german++;
            }
            if (ENGLISH.contains(w)) english++;
        }
        if (counted < 3) return fallback;
        if (german >= 2 && german >= 2 * english && german - english >= 2) return "de";
        if (english >= 2 && english >= 2 * german && english - german >= 2) return "en";
        return fallback;
    }
}
