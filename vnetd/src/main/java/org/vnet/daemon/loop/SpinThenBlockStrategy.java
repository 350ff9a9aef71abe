package org.vnet.daemon.loop;

import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.util.IntSupplier;

/**
 * How the data-plane loop waits: for {@code spinNanos} after the last ready fd it polls
 * ({@code epoll_wait} with no timeout) instead of sleeping, then it blocks as usual. A frame that
 * arrives during a burst, or the reply to the frame just forwarded, is then picked up without the
 * wake-up of a sleeping thread (tens of microseconds on a virtual CPU); an idle daemon costs
 * nothing once the spin window has passed. {@code spinNanos = 0} is Netty's default strategy.
 * One instance per event loop (it keeps the loop's last-activity time).
 */
public final class SpinThenBlockStrategy implements SelectStrategy {
    private final long spinNanos;
    private long lastActive;

    /** @param spinNanos how long to keep polling after the last ready fd */
    public SpinThenBlockStrategy(final long spinNanos) {
        this.spinNanos = spinNanos;
    }

    /** A factory giving each event loop its own strategy. */
    public static SelectStrategyFactory factory(final long spinNanos) {
        return () -> new SpinThenBlockStrategy(spinNanos);
    }

    @Override
    public int calculateStrategy(final IntSupplier selectSupplier, final boolean hasTasks) throws Exception {
        if (spinNanos <= 0) {
            return hasTasks ? selectSupplier.get() : SelectStrategy.SELECT;
        }
        final int ready = selectSupplier.get();
        final long now = System.nanoTime();
        if (ready > 0 || hasTasks) {
            lastActive = now;
            return ready;
        }
        return now - lastActive < spinNanos ? SelectStrategy.CONTINUE : SelectStrategy.SELECT;
    }
}
