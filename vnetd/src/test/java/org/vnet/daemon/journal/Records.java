package org.vnet.daemon.journal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;
import org.vnet.inference.event.EventEncoder;
import org.vnet.inference.event.EventRecord;

/** Real event records for the journal tests: TCP and UDP frames encoded by {@link EventRecord#encode}. */
final class Records {
    private Records() {
    }

    /**
     * Encodes record number {@code n} into {@code dst} at 0: a TCP frame from 02:00:00:00:00:01 to
     * :02 (10.9.0.1 to 10.9.0.2, seq = n) for even n, a UDP one back for odd n, at time 1e12 + n us.
     */
    static UnsafeBuffer record(final long n, final UnsafeBuffer dst) {
        final boolean tcp = n % 2 == 0;
        final int payload = 100 + (int) (n % 1000);
        final ByteBuffer f = ByteBuffer.allocate(14 + 20 + (tcp ? 20 : 8) + payload).order(ByteOrder.BIG_ENDIAN);
        f.put(new byte[] {2, 0, 0, 0, 0, (byte) (tcp ? 2 : 1)}).put(new byte[] {2, 0, 0, 0, 0, (byte) (tcp ? 1 : 2)})
            .putShort((short) 0x0800);
        f.put((byte) 0x45).put((byte) 0).putShort((short) (f.capacity() - 14)).putShort((short) n).putShort((short) 0)
            .put((byte) 64).put((byte) (tcp ? 6 : 17)).putShort((short) 0)
            .put(new byte[] {10, 9, 0, (byte) (tcp ? 1 : 2)}).put(new byte[] {10, 9, 0, (byte) (tcp ? 2 : 1)});
        if (tcp) {
            f.putShort((short) 40000).putShort((short) 31000).putInt((int) n).putInt(1).put((byte) 0x50)
                .put((byte) 0x18).putShort((short) 65535).putInt(0);
        } else {
            f.putShort((short) 5000).putShort((short) 6000).putShort((short) (8 + payload)).putShort((short) 0);
        }
        new EventEncoder().encode(dst, 0, 1_000_000_000_000L + n * 1_000L, (int) (n % 3), tcp ? EventRecord.DIRECTION_TX
            : EventRecord.DIRECTION_RX, new UnsafeBuffer(f.array()), 0, f.capacity(), f.capacity());
        return dst;
    }

    static UnsafeBuffer buffer() {
        return new UnsafeBuffer(ByteBuffer.allocateDirect(EventRecord.LENGTH));
    }
}
