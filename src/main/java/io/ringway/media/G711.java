package io.ringway.media;

/**
 * ITU-T G.711 companding between 16-bit linear PCM and 8-bit µ-law (PCMU) or A-law (PCMA), the segment-and-quantize
 * algorithm of the Sun reference implementation that G.191 ships. µ-law works on 14 significant bits and A-law on 13,
 * so the low 2 (3) bits of a sample are dropped before the encoding. Bytes are as on the wire: µ-law inverted, A-law
 * with even bits inverted (silence is 0xFF and 0xD5).
 */
public final class G711 {
    private static final int SIGN_BIT = 0x80;
    private static final int QUANT_MASK = 0x0f;
    private static final int SEG_SHIFT = 4;
    private static final int SEG_MASK = 0x70;
    private static final int MU_BIAS = 0x84;
    private static final int MU_CLIP = 8159; // largest 14-bit magnitude µ-law represents
    private static final short[] MU_DECODED = new short[256];
    private static final short[] A_DECODED = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            MU_DECODED[i] = decodeMu(i);
            A_DECODED[i] = decodeA(i);
        }
    }

    private G711() {}

    public static byte linearToMuLaw(short sample) {
        int pcm = sample >> 2;
        int mask;
        if (pcm < 0) {
            pcm = -pcm;
            mask = 0x7f;
        } else {
            mask = 0xff;
        }
        if (pcm > MU_CLIP) pcm = MU_CLIP;
        pcm += MU_BIAS >> 2;
        // the segment is the position of the highest set bit; segment 0 covers the lowest 6 bits
        int segment = Math.max(0, 31 - Integer.numberOfLeadingZeros(pcm) - 5);
        if (segment > 7) return (byte) (0x7f ^ mask); // the clipped maximum
        int mu = (segment << SEG_SHIFT) | ((pcm >> (segment + 1)) & QUANT_MASK);
        return (byte) (mu ^ mask);
    }

    public static short muLawToLinear(byte b) { return MU_DECODED[b & 0xff]; }

    public static byte linearToALaw(short sample) {
        int pcm = sample >> 3;
        int mask;
        if (pcm >= 0) {
            mask = 0xd5;
        } else {
            mask = 0x55;
            pcm = -pcm - 1;
        }
        // pcm <= 0xFFF: 8 segments, segment 0 and 1 share the same step
        int segment = Math.max(0, 31 - Integer.numberOfLeadingZeros(pcm) - 4);
        int a = segment << SEG_SHIFT;
        a |= segment < 2 ? (pcm >> 1) & QUANT_MASK : (pcm >> segment) & QUANT_MASK;
        return (byte) (a ^ mask);
    }

    public static short aLawToLinear(byte b) { return A_DECODED[b & 0xff]; }

    private static short decodeMu(int mu) {
        mu = ~mu & 0xff;
        int t = ((mu & QUANT_MASK) << 3) + MU_BIAS;
        t <<= (mu & SEG_MASK) >> SEG_SHIFT;
        return (short) ((mu & SIGN_BIT) != 0 ? MU_BIAS - t : t - MU_BIAS);
    }

    private static short decodeA(int a) {
        a ^= 0x55;
        int t = (a & QUANT_MASK) << 4;
        int segment = (a & SEG_MASK) >> SEG_SHIFT;
        t += segment == 0 ? 8 : 0x108;
        if (segment > 1) t <<= segment - 1;
        return (short) ((a & SIGN_BIT) != 0 ? t : -t);
    }
}
