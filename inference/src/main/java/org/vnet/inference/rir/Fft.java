package org.vnet.inference.rir;

/**
 * In-place iterative radix-2 complex FFT and the power spectrum of a real series (mean removed, Hann window,
 * zero-padded).
 */
public final class Fft
{
    private Fft()
    {
    }

    /**
     * Forward transform in place.
     *
     * @param re real parts, length a power of two.
     * @param im imaginary parts, same length.
     */
    public static void transform(final double[] re, final double[] im)
    {
        final int n = re.length;
        if (Integer.bitCount(n) != 1 || im.length != n)
        {
            throw new IllegalArgumentException("length must be a power of two: " + n);
        }
        for (int i = 1, j = 0; i < n; i++)
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }
            j ^= bit;
            if (i < j)
            {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int length = 2; length <= n; length <<= 1)
        {
            final double angle = -2 * Math.PI / length;
            final double wRe = Math.cos(angle);
            final double wIm = Math.sin(angle);
            for (int start = 0; start < n; start += length)
            {
                double curRe = 1;
                double curIm = 0;
                for (int k = 0; k < length / 2; k++)
                {
                    final int a = start + k;
                    final int b = a + length / 2;
                    final double tRe = re[b] * curRe - im[b] * curIm;
                    final double tIm = re[b] * curIm + im[b] * curRe;
                    re[b] = re[a] - tRe;
                    im[b] = im[a] - tIm;
                    re[a] += tRe;
                    im[a] += tIm;
                    final double nextRe = curRe * wRe - curIm * wIm;
                    curIm = curRe * wIm + curIm * wRe;
                    curRe = nextRe;
                }
            }
        }
    }

    /**
     * One-sided power spectrum |X_k|^2, k = 0 .. M/2, of {@code series} after removing its mean, applying a Hann
     * window and zero-padding to M = the next power of two at least {@code padFactor} times its length.
     *
     * @param series    samples.
     * @param padFactor zero-padding factor (1 = none beyond the next power of two).
     * @return power per bin; bin k is frequency k / (M * sampleInterval).
     */
    public static double[] powerSpectrum(final double[] series, final int padFactor)
    {
        final int n = series.length;
        int m = 1;
        while (m < Math.max(2, n * Math.max(1, padFactor)))
        {
            m <<= 1;
        }
        double mean = 0;
        for (final double v : series)
        {
            mean += v;
        }
        mean /= Math.max(1, n);
        final double[] re = new double[m];
        final double[] im = new double[m];
        for (int i = 0; i < n; i++)
        {
            final double window = n > 1 ? 0.5 * (1 - Math.cos(2 * Math.PI * i / (n - 1))) : 1;
            re[i] = (series[i] - mean) * window;
        }
        transform(re, im);
        final double[] power = new double[m / 2 + 1];
        for (int k = 0; k < power.length; k++)
        {
            power[k] = re[k] * re[k] + im[k] * im[k];
        }
        return power;
    }
}
