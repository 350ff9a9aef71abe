package org.vnet.tools.patterns;

/**
 * The compute phase of a Patterns iteration: for each element, a number of memory reads, floating-point
 * operations (counted as multiply and add, two per step) and memory writes over an array of doubles.
 */
public final class ComputeKernel
{
    private static final int STRIDE = 97;

    private final double[] data;
    private final int flops;
    private final int reads;
    private final int writes;

    /**
     * @param elements elements per process per iteration (array length).
     * @param flops    floating-point operations per element.
     * @param reads    memory reads per element.
     * @param writes   memory writes per element.
     */
    public ComputeKernel(final int elements, final int flops, final int reads, final int writes)
    {
        if (elements < 0 || flops < 0 || reads < 0 || writes < 0)
        {
            throw new IllegalArgumentException("elements, flops, reads and writes must not be negative");
        }
        this.data = new double[Math.max(1, elements)];
        for (int i = 0; i < data.length; i++)
        {
            data[i] = i * 0.5;
        }
        this.flops = flops;
        this.reads = reads;
        this.writes = writes;
    }

    /**
     * Run one compute phase.
     *
     * @return a checksum (printed so the work cannot be optimised away).
     */
    public double run()
    {
        final int n = data.length;
        double checksum = 0;
        for (int i = 0; i < n; i++)
        {
            double x = data[i];
            for (int r = 0; r < reads; r++)
            {
                x = 0.5 * (x + data[(i + (r + 1) * STRIDE) % n]);
            }
            for (int f = 0; f < flops; f += 2)
            {
                x = x * 0.999_999_9 + 1e-7;
            }
            for (int w = 0; w < writes; w++)
            {
                data[(i + w * STRIDE) % n] = 0.5 * (x + data[(i + w * STRIDE) % n]);
            }
            checksum += x;
        }
        return checksum;
    }
}
