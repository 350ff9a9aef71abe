package org.vnet.daemon.link;

import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.vnet.daemon.link.seal.Opener;
import org.vnet.daemon.link.seal.SealedHeader;
import org.vnet.daemon.link.seal.Sealer;
import org.vnet.daemon.telemetry.LogLimiter;
import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;

/**
 * Opens the datagrams of {@code security: aead} links for a UDP endpoint into one buffer of its
 * own, from which the endpoint reads the vnet message as from a plain datagram. A datagram that
 * does not open is counted ({@code authFailures} or {@code replays}, and the link's drops), logged
 * at most once per 10 s per link, and otherwise ignored: no reply, no liveness, no state change.
 * Data-plane thread only.
 */
final class SealedInput implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SealedInput.class);
    private final Telemetry telemetry;
    private final ByteBuf plain = Unpooled.directBuffer(Sealer.MAX_MESSAGE, Sealer.MAX_MESSAGE);
    private final LogLimiter limiter = new LogLimiter(TimeUnit.SECONDS.toNanos(10), 256, System::nanoTime);

    SealedInput(final Telemetry telemetry) {
        this.telemetry = telemetry;
    }

    /**
     * Opens the datagram {@code in[at, at + length)} of sealed link {@code port}.
     *
     * @return the buffer holding the vnet message between its reader and writer indexes, or null
     *     when the datagram was refused (and counted)
     */
    ByteBuf open(final LinkPort port, final LinkSeal seal, final ByteBuf in, final int at, final int length) {
        final int n = seal.opener().open(in, at, length, plain, 0);
        if (n >= 0) {
            plain.setIndex(0, n);
            return plain;
        }
        final boolean replay = n == Opener.REPLAY || n == Opener.OLD_SESSION;
        telemetry.increment(replay ? SystemCounter.REPLAYS : SystemCounter.AUTH_FAILURES);
        port.counters().dropped();
        final long held = limiter.admit(port.name());
        if (held != LogLimiter.SUPPRESS) {
            LOG.warn("link {}: dropped a datagram that {}{}", port.name(), why(n, length),
                held > 0 ? " (and " + held + " more lines held back)" : "");
        }
        return null;
    }

    private static String why(final int result, final int length) {
        return switch (result) {
            case Opener.NOT_SEALED -> length < SealedHeader.OVERHEAD ? "is too short to be sealed" : "is not sealed (plain)";
            case Opener.REPLAY -> "replays a counter already seen or too old";
            case Opener.OLD_SESSION -> "belongs to an older session of the peer";
            default -> "failed authentication (wrong key, altered, or unknown key epoch)";
        };
    }

    @Override
    public void close() {
        if (plain.refCnt() > 0) {
            plain.release();
        }
    }
}
