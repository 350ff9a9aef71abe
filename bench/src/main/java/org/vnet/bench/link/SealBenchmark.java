package org.vnet.bench.link;

import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.vnet.daemon.link.seal.Opener;
import org.vnet.daemon.link.seal.SealedHeader;
import org.vnet.daemon.link.seal.Sealer;
import org.vnet.daemon.link.seal.Session;

/**
 * The sealed UDP link's record layer on one vnet message of {@code size} bytes (1,448: a full
 * TCP segment's payload size), in direct buffers as on the data plane:
 * <ul>
 *   <li>{@code seal}: AES-256-GCM seal in place (what a sender does per datagram);</li>
 *   <li>{@code sealAndOpen}: seal, then authenticate and decrypt it into another buffer, replay
 *       window included (a sender's and a receiver's work for one datagram).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class SealBenchmark {
    /** Bytes of the vnet message sealed. */
    @Param({"1448"})
    public int size;

    private Sealer sealer;
    private Opener opener;
    private ByteBuf datagram;
    private ByteBuf plain;

    /** One link's two directions' ends, and the buffers. */
    @Setup(Level.Trial)
    public void setUp() {
        final byte[] psk = new byte[32];
        psk[0] = 1;
        sealer = new Sealer(psk, "a", "b", Session.start(), System::nanoTime, Sealer.EPOCH_MESSAGES);
        opener = new Opener(psk, "a", "b");
        datagram = Unpooled.directBuffer(size + SealedHeader.OVERHEAD);
        plain = Unpooled.directBuffer(size);
        for (int i = 0; i < size; i++) {
            datagram.setByte(SealedHeader.LENGTH + i, i * 31);
        }
    }

    /** Releases the buffers. */
    @TearDown(Level.Trial)
    public void tearDown() {
        datagram.release();
        plain.release();
    }

    /** Seals the message in place. */
    @Benchmark
    public int seal() {
        return sealer.seal(datagram, SealedHeader.LENGTH, size, datagram, 0);
    }

    /** Seals the message and opens it again. */
    @Benchmark
    public int sealAndOpen() {
        final int n = sealer.seal(datagram, SealedHeader.LENGTH, size, datagram, 0);
        final int opened = opener.open(datagram, 0, n, plain, 0);
        // the ciphertext stands where the message was: put the message back for the next seal
        datagram.setBytes(SealedHeader.LENGTH, plain, 0, opened);
        return opened;
    }
}
