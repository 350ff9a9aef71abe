package org.vnet.nativeio.bpf;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * Runs a loaded SCHED_CLS program once on a crafted frame with {@code BPF_PROG_TEST_RUN}
 * ({@code bpf_prog_test_run_opts}), as the kernel would at a tc hook but without sending anything:
 * a redirect only shows as the return code. Counters, map updates and ring-buffer events are real.
 * The frame must be an Ethernet frame of 14 bytes to about 3.5 KiB (a page minus skb overhead).
 *
 * <p>{@code struct bpf_test_run_opts} as libbpf 1.1.2 lays it out on x86-64 (80 B, offsetof-checked
 * against {@code /usr/include/bpf/bpf.h}): sz@0 size_t, data_in@8, data_out@16, data_size_in@24,
 * data_size_out@28, ctx_in@32, ctx_out@40, ctx_size_in@48, ctx_size_out@52, retval@56, repeat@60,
 * duration@64, flags@68, cpu@72, batch_size@76.
 *
 * <p>The context is a {@code struct __sk_buff} (192 B, {@code linux/bpf.h}); the kernel rejects a
 * test-run context with any field set other than mark@8, priority@32, ingress_ifindex@36,
 * ifindex@40, cb@48..67, tstamp@152, wire_len@160, gso_segs@164, gso_size@176 and hwtstamp@184.
 * The ifindex picks the device the skb seems to come from (1 = lo, the default), looked up in the
 * caller's network namespace.
 */
public final class ProgramTestRun
{
    static final int OPTS_LENGTH = 80;
    static final int OPTS_SZ_OFFSET = 0;
    static final int OPTS_DATA_IN_OFFSET = 8;
    static final int OPTS_DATA_OUT_OFFSET = 16;
    static final int OPTS_DATA_SIZE_IN_OFFSET = 24;
    static final int OPTS_DATA_SIZE_OUT_OFFSET = 28;
    static final int OPTS_CTX_IN_OFFSET = 32;
    static final int OPTS_CTX_SIZE_IN_OFFSET = 48;
    static final int OPTS_RETVAL_OFFSET = 56;
    static final int OPTS_REPEAT_OFFSET = 60;
    static final int OPTS_DURATION_OFFSET = 64;

    /** {@code sizeof(struct __sk_buff)}. */
    public static final int SK_BUFF_LENGTH = 192;
    /** {@code __sk_buff.mark}. */
    public static final int SK_BUFF_MARK_OFFSET = 8;
    /** {@code __sk_buff.ifindex}. */
    public static final int SK_BUFF_IFINDEX_OFFSET = 40;
    /** {@code __sk_buff.gso_segs}. */
    public static final int SK_BUFF_GSO_SEGS_OFFSET = 164;
    /** {@code __sk_buff.gso_size}. */
    public static final int SK_BUFF_GSO_SIZE_OFFSET = 176;

    /** Room left after the frame in the output buffer, for programs that grow the packet. */
    static final int OUT_HEADROOM = 512;

    /**
     * What one run returned.
     *
     * @param retval     the program's return code ({@code TC_ACT_OK} 0, {@code TC_ACT_SHOT} 2,
     *                   {@code TC_ACT_REDIRECT} 7, ...).
     * @param dataOut    the frame as the program left it.
     * @param durationNs the kernel's measured run time.
     */
    public record Result(int retval, byte[] dataOut, int durationNs)
    {
    }

    private ProgramTestRun()
    {
    }

    /**
     * Runs the program once on {@code frame}; a context is passed when {@code ifindex} or
     * {@code gsoSegs} is positive.
     *
     * @param progFd  a SCHED_CLS program fd.
     * @param frame   an Ethernet frame.
     * @param ifindex device of the skb (0 = lo).
     * @param gsoSegs {@code skb->gso_segs} (0 = not GSO); gso_size stays 0.
     * @return the outcome.
     * @throws BpfException when the kernel refuses the run (e.g. EINVAL for a bad frame or context).
     */
    public static Result run(final int progFd, final byte[] frame, final int ifindex, final int gsoSegs)
        throws BpfException
    {
        return run(progFd, frame, ifindex, gsoSegs, 0, 0);
    }

    /**
     * Runs the program once with a fuller context.
     *
     * @param progFd  a SCHED_CLS program fd.
     * @param frame   an Ethernet frame.
     * @param ifindex device of the skb (0 = lo).
     * @param gsoSegs {@code skb->gso_segs}.
     * @param gsoSize {@code skb->gso_size} (non-zero makes the skb GSO for the kernel's helpers).
     * @param mark    {@code skb->mark}.
     * @return the outcome.
     * @throws BpfException when the kernel refuses the run.
     */
    public static Result run(final int progFd, final byte[] frame, final int ifindex, final int gsoSegs,
        final int gsoSize, final int mark) throws BpfException
    {
        final boolean withContext = ifindex > 0 || gsoSegs > 0 || gsoSize > 0 || 0 != mark;
        final int outLength = frame.length + OUT_HEADROOM;
        try (Memory opts = new Memory(OPTS_LENGTH);
            Memory in = new Memory(Math.max(1, frame.length));
            Memory out = new Memory(outLength);
            Memory ctx = withContext ? new Memory(SK_BUFF_LENGTH) : null)
        {
            opts.clear();
            in.write(0, frame, 0, frame.length);
            opts.setLong(OPTS_SZ_OFFSET, OPTS_LENGTH);
            opts.setLong(OPTS_DATA_IN_OFFSET, Pointer.nativeValue(in));
            opts.setInt(OPTS_DATA_SIZE_IN_OFFSET, frame.length);
            opts.setLong(OPTS_DATA_OUT_OFFSET, Pointer.nativeValue(out));
            opts.setInt(OPTS_DATA_SIZE_OUT_OFFSET, outLength);
            opts.setInt(OPTS_REPEAT_OFFSET, 1);
            if (null != ctx)
            {
                ctx.clear();
                ctx.setInt(SK_BUFF_MARK_OFFSET, mark);
                ctx.setInt(SK_BUFF_IFINDEX_OFFSET, ifindex);
                ctx.setInt(SK_BUFF_GSO_SEGS_OFFSET, gsoSegs);
                ctx.setInt(SK_BUFF_GSO_SIZE_OFFSET, gsoSize);
                opts.setLong(OPTS_CTX_IN_OFFSET, Pointer.nativeValue(ctx));
                opts.setInt(OPTS_CTX_SIZE_IN_OFFSET, SK_BUFF_LENGTH);
            }
            final int result = Libbpf.bpf_prog_test_run_opts(progFd, Pointer.nativeValue(opts));
            if (result < 0)
            {
                throw new BpfException("test run of program fd " + progFd + " on a " + frame.length +
                    "-byte frame failed", result);
            }
            final int produced = Math.min(outLength, opts.getInt(OPTS_DATA_SIZE_OUT_OFFSET));
            return new Result(opts.getInt(OPTS_RETVAL_OFFSET), out.getByteArray(0, produced),
                opts.getInt(OPTS_DURATION_OFFSET));
        }
    }
}
