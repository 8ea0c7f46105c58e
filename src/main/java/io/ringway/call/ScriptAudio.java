package io.ringway.call;

import io.ringway.media.AudioClip;
import io.ringway.media.AudioFetcher;
import io.ringway.media.AudioFormatException;
import io.ringway.media.Languages;
import io.ringway.media.Speech;
import io.ringway.media.Tts;
import io.ringway.media.TtsException;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The audio of a script, rendered before the call is dialled, so nothing is synthesized or downloaded while the
 * callee listens. The language of a {@code Say} is its own ({@code language} attribute, SSML {@code xml:lang}),
 * else the call's ({@code language} parameter), else the one detected in the script's text, else the default.
 */
final class ScriptAudio {
    /** What rendering needs; {@code defaultLanguage} is used when the text's language is unclear. */
    record Sources(Tts tts, AudioFetcher fetcher, String defaultLanguage) {}

    private final Sources sources;

    ScriptAudio(Sources sources) { this.sources = sources; }

    /** Every Say and Play of the script, including prompts and branches of Gathers, rendered. */
    Map<CallScript.Step, AudioClip> render(CallScript script, String callLanguage) throws IOException, AudioFormatException, TtsException {
        String language = callLanguage != null ? callLanguage : Languages.detect(script.spokenText(), sources.defaultLanguage());
        Map<CallScript.Step, AudioClip> clips = new HashMap<>();
        render(script.steps(), language, clips);
        return clips;
    }

    private void render(List<CallScript.Step> steps, String language, Map<CallScript.Step, AudioClip> clips)
            throws IOException, AudioFormatException, TtsException {
        for (CallScript.Step step : steps) {
            if (clips.containsKey(step)) continue;
            switch (step) {
                case CallScript.Say s -> clips.put(s, sources.tts().speak(new Speech(s.text(), s.language() != null ? s.language() : language,
                        s.voice(), s.ssml())));
                case CallScript.Play p -> clips.put(p, sources.fetcher().fetch(p.url()));
                case CallScript.Gather g -> {
                    render(g.prompt(), language, clips);
                    for (List<CallScript.Step> branch : g.branches().values()) render(branch, language, clips);
                }
                case CallScript.Pause p -> clips.put(p, AudioClip.silence(p.seconds() * 1000L));
                case CallScript.Hangup h -> { }
            }
        }
    }
}
