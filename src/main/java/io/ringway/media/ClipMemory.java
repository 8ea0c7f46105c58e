package io.ringway.media;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Clips by key, least recently used evicted first once the samples held exceed a byte budget. A clip larger than the
 * whole budget is not kept. One lock: a hit costs a map lookup and a relink, far below the synthesis it saves.
 */
final class ClipMemory {
    private static final long ENTRY_OVERHEAD = 200; // key string, map entry, clip and array headers

    private final long budget;
    private final LinkedHashMap<String, AudioClip> clips = new LinkedHashMap<>(64, 0.75f, true);
    private long used;

    ClipMemory(long budgetBytes) { this.budget = budgetBytes; }

    synchronized AudioClip get(String key) { return clips.get(key); }

    synchronized void put(String key, AudioClip clip) {
        long size = cost(clip);
        if (size > budget) return;
        AudioClip old = clips.put(key, clip);
        if (old != null) used -= cost(old);
        used += size;
        var eldest = clips.entrySet().iterator();
        while (used > budget && eldest.hasNext()) {
            Map.Entry<String, AudioClip> e = eldest.next();
            used -= cost(e.getValue());
            eldest.remove();
        }
    }

    synchronized long usedBytes() { return used; }

    synchronized int size() { return clips.size(); }

    private static long cost(AudioClip clip) { return 2L * clip.length() + ENTRY_OVERHEAD; }
}
