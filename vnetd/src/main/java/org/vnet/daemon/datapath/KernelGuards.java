package org.vnet.daemon.datapath;

import java.nio.ByteBuffer;

import org.agrona.concurrent.UnsafeBuffer;
import org.vnet.daemon.model.PortSecurity;
import org.vnet.nativeio.bpf.BpfMap;
import org.vnet.nativeio.bpf.DataPathMaps;

/**
 * The kernel's copy of a TAP's port security ({@code vnet_guards}): the pinned source MAC and the
 * broadcast and multicast token buckets {@code vnet_tap_tx} applies before the slow path. The
 * unknown-unicast limit stays with the switch (the kernel cannot tell unknown destinations).
 * Writing an entry refills its buckets. Data-plane thread.
 */
final class KernelGuards {
    private final BpfMap map;
    private final UnsafeBuffer key = new UnsafeBuffer(ByteBuffer.allocateDirect(4));
    private final UnsafeBuffer value = new UnsafeBuffer(ByteBuffer.allocateDirect(DataPathMaps.GUARD_LENGTH));

    KernelGuards(final BpfMap map) {
        this.map = map;
    }

    /**
     * Writes the guard of the TAP {@code tapIfindex}; removes it when {@code security} asks for
     * nothing the kernel enforces.
     *
     * @param pinnedMac the MAC the TAP is pinned to, or -1 (not pinned, or not yet: pinning the first)
     * @return 0 or a negative errno
     */
    int write(final int tapIfindex, final PortSecurity security, final long pinnedMac) {
        key.putInt(0, tapIfindex);
        if (pinnedMac < 0 && !security.broadcast().limited() && !security.multicast().limited()) {
            map.delete(key);
            return 0;
        }
        DataPathMaps.guard(value, pinnedMac, security.broadcast().rate(), security.broadcast().burst(),
            security.multicast().rate(), security.multicast().burst());
        return map.update(key, value, BpfMap.ANY);
    }

    /** Removes the guard of the TAP {@code tapIfindex}. */
    void remove(final int tapIfindex) {
        key.putInt(0, tapIfindex);
        map.delete(key);
    }

    /** Removes every guard. */
    void clear() {
        map.clear();
    }
}
