package org.vnet.daemon.adapt;

import org.vnet.daemon.model.LinkKey;

/**
 * The {@code adaptation:} section of a daemon's config. A daemon is a leader (decides, normally the
 * hub), a follower of one link's daemon (applies what that leader decides), or neither.
 *
 * @param leader               this daemon runs the adaptation agent
 * @param enabled              a leader starts with its loop on (else {@code vnetctl adapt on|once})
 * @param follow               the link whose daemon's directives this one applies (null: none)
 * @param addBytesPerSecond    a host pair whose traffic reaches this gets a fast-path link
 * @param removeBytesPerSecond an adapted link whose traffic stays below this for a dwell is removed
 * @param dwellMillis          least time a link lives, least time below the lower threshold before
 *                             it goes, and least time before a removed pair may come back
 * @param linksPerHost         most adapted links one host takes part in (the budget)
 * @param addsPerRound         most links added in one round
 * @param periodMillis         time between rounds
 * @param windowMillis         rates are averaged over this much time
 * @param maxLinks             a follower refuses a directive with more links than this
 * @param vmsPerHost           the mapping optimiser's host capacity ({@code vnetctl plan})
 * @param bandwidthBytesPerSecond the optimiser's host-pair bandwidth where nothing was measured
 * @param latencyMicros        the optimiser's host-pair latency where nothing was measured
 * @param key                  the overlay's key for adapted links ({@code keyFile}): every fast-path link is
 *                             then sealed ({@code security: aead}); null: adapted links are plain (trusted underlay)
 */
public record AdaptationConfig(boolean leader, boolean enabled, String follow, long addBytesPerSecond,
                               long removeBytesPerSecond, long dwellMillis, int linksPerHost, int addsPerRound,
                               long periodMillis, long windowMillis, int maxLinks, int vmsPerHost,
                               long bandwidthBytesPerSecond, long latencyMicros, LinkKey key) {
    /** No adaptation: neither leader nor follower. */
    public static final AdaptationConfig NONE = new AdaptationConfig(false, false, null, 1_000_000, 200_000, 30_000, 4, 2,
        2_000, 10_000, 64, 4, 125_000_000, 1_000);

    /** A configuration whose adapted links are plain. */
    public AdaptationConfig(final boolean leader, final boolean enabled, final String follow, final long addBytesPerSecond,
                            final long removeBytesPerSecond, final long dwellMillis, final int linksPerHost,
                            final int addsPerRound, final long periodMillis, final long windowMillis, final int maxLinks,
                            final int vmsPerHost, final long bandwidthBytesPerSecond, final long latencyMicros) {
        this(leader, enabled, follow, addBytesPerSecond, removeBytesPerSecond, dwellMillis, linksPerHost, addsPerRound,
            periodMillis, windowMillis, maxLinks, vmsPerHost, bandwidthBytesPerSecond, latencyMicros, null);
    }

    /** Validates every field, naming the key that is wrong. */
    public AdaptationConfig {
        if (leader && follow != null) {
            throw new IllegalArgumentException("adaptation: a daemon is either the leader or follows one, not both");
        }
        positive("addBytesPerSecond", addBytesPerSecond);
        positive("dwellMillis", dwellMillis);
        positive("linksPerHost", linksPerHost);
        positive("addsPerRound", addsPerRound);
        positive("periodMillis", periodMillis);
        positive("maxLinks", maxLinks);
        positive("vmsPerHost", vmsPerHost);
        positive("bandwidthBytesPerSecond", bandwidthBytesPerSecond);
        positive("latencyMicros", latencyMicros);
        if (removeBytesPerSecond < 0 || removeBytesPerSecond >= addBytesPerSecond) {
            throw new IllegalArgumentException("adaptation.removeBytesPerSecond must be >= 0 and below addBytesPerSecond ("
                + addBytesPerSecond + "), got " + removeBytesPerSecond + ": the gap is the hysteresis");
        }
        if (windowMillis < periodMillis) {
            throw new IllegalArgumentException("adaptation.windowMillis must be at least periodMillis (" + periodMillis
                + "), got " + windowMillis);
        }
    }

    /** Whether this daemon takes part in adaptation at all. */
    public boolean active() {
        return leader || follow != null;
    }

    private static void positive(final String key, final long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("adaptation." + key + " must be positive, got " + value);
        }
    }
}
