package org.vnet.daemon.link;

import org.vnet.daemon.telemetry.SystemCounter;
import org.vnet.daemon.telemetry.Telemetry;
import org.vnet.daemon.wire.FrameHeader;

/** Maps {@link FrameHeader#check} results to counters. */
final class Streams {
    private Streams() {
    }

    static void countBad(final Telemetry telemetry, final int check) {
        switch (check) {
            case FrameHeader.ERR_MAGIC -> telemetry.increment(SystemCounter.BAD_MAGIC);
            case FrameHeader.ERR_VERSION -> telemetry.increment(SystemCounter.BAD_VERSION);
            case FrameHeader.ERR_TYPE -> telemetry.increment(SystemCounter.BAD_TYPE);
            default -> telemetry.increment(SystemCounter.MALFORMED_MESSAGES);
        }
    }
}
