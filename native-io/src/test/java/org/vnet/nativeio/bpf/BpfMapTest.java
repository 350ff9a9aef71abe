package org.vnet.nativeio.bpf;

import com.sun.management.ThreadMXBean;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.vnet.nativeio.Errno;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BpfMap} on maps created for the test (needs the BPF privileges of {@link BpfSupport}).
 */
class BpfMapTest extends PinnedBpfTest
{
    @Test
    void shouldUpdateLookupDeleteAndHonourFlags() throws BpfException
    {
        try (BpfMap map = BpfMap.create(Libbpf.BPF_MAP_TYPE_HASH, "t_hash", 16, 40, 8))
        {
            final UnsafeBuffer key = BpfMap.allocate(16);
            final UnsafeBuffer value = BpfMap.allocate(40);
            final UnsafeBuffer read = BpfMap.allocate(40);
            DataPathMaps.flowKey(key, 7, 0x020000000001L, 0x020000000002L);
            DataPathMaps.flow(value, new int[] {0x0A000001, 0, 0, 0}, 42, 3, 0, 99);

            assertEquals(-Errno.ENOENT, map.lookup(key, read));
            assertEquals(-Errno.ENOENT, map.update(key, value, BpfMap.EXIST));
            assertEquals(0, map.update(key, value, BpfMap.NOEXIST));
            assertEquals(-Errno.EEXIST, map.update(key, value, BpfMap.NOEXIST));
            assertEquals(0, map.lookup(key, read));
            assertEquals(42, read.getInt(DataPathMaps.FLOW_VNI_OFFSET));
            assertEquals(99, read.getLong(DataPathMaps.FLOW_ACTIVE_NS_OFFSET));
            assertEquals(0x0A000001, read.getInt(DataPathMaps.FLOW_REMOTE_OFFSET));

            assertEquals(0, map.delete(key));
            assertEquals(-Errno.ENOENT, map.delete(key));
        }
    }

    @Test
    void shouldRejectHeapAndShortBuffersWithoutCallingTheKernel() throws BpfException
    {
        try (BpfMap map = BpfMap.create(Libbpf.BPF_MAP_TYPE_HASH, "t_hash", 16, 40, 8))
        {
            final UnsafeBuffer key = BpfMap.allocate(16);
            assertEquals(-Errno.EINVAL, map.update(key, new UnsafeBuffer(new byte[40]), BpfMap.ANY));
            assertEquals(-Errno.EINVAL, map.lookup(key, new UnsafeBuffer(BpfMap.allocate(40), 0, 39)));
            assertEquals(-Errno.EINVAL, map.delete(new UnsafeBuffer(BpfMap.allocate(16), 0, 8)));
            assertEquals(-Errno.EINVAL, map.nextKey(null, null));
        }
    }

    @Test
    void shouldIterateAndClearHashMap() throws BpfException
    {
        try (BpfMap map = BpfMap.create(Libbpf.BPF_MAP_TYPE_HASH, "t_hash", 4, 8, 1000))
        {
            final UnsafeBuffer key = BpfMap.allocate(4);
            final UnsafeBuffer next = BpfMap.allocate(4);
            final UnsafeBuffer value = BpfMap.allocate(8);
            for (int i = 0; i < 500; i++)
            {
                key.putInt(0, i * 3);
                value.putLong(0, i);
                assertEquals(0, map.update(key, value, BpfMap.ANY));
            }

            final Set<Integer> seen = new HashSet<>();
            int result = map.nextKey(null, next);
            while (0 == result)
            {
                seen.add(next.getInt(0));
                key.putInt(0, next.getInt(0));
                result = map.nextKey(key, next);
            }
            assertEquals(-Errno.ENOENT, result);
            assertEquals(500, seen.size());

            assertEquals(500, map.clear());
            assertEquals(-Errno.ENOENT, map.nextKey(null, next));
            assertEquals(0, map.clear());
        }
    }

    @Test
    void shouldLayOutPerCpuValuesWithEightByteStride() throws BpfException
    {
        try (BpfMap map = BpfMap.create(Libbpf.BPF_MAP_TYPE_PERCPU_ARRAY, "t_pcpu", 4, 12, 4))
        {
            final int cpus = BpfMap.possibleCpus();
            assertTrue(map.perCpu());
            assertEquals(16, map.valueStride());
            assertEquals(16 * cpus, map.valueLength());

            final UnsafeBuffer key = BpfMap.allocate(4);
            final UnsafeBuffer value = BpfMap.allocate(map.valueLength());
            for (int cpu = 0; cpu < cpus; cpu++)
            {
                value.putInt(cpu * 16, 100 + cpu);
                value.putLong(cpu * 16 + 4, 1000L + cpu);
            }
            key.putInt(0, 2);
            assertEquals(0, map.update(key, value, BpfMap.ANY));

            final UnsafeBuffer read = BpfMap.allocate(map.valueLength());
            assertEquals(0, map.lookup(key, read));
            for (int cpu = 0; cpu < cpus; cpu++)
            {
                assertEquals(100 + cpu, read.getInt(cpu * 16));
                assertEquals(1000L + cpu, read.getLong(cpu * 16 + 4));
            }
            assertEquals(-Errno.EINVAL, map.lookup(key, BpfMap.allocate(12)), "one CPU's worth is too small");

            assertEquals(4, map.clear(), "arrays are zeroed");
            assertEquals(0, map.lookup(key, read));
            assertEquals(0, DataPathMaps.sum(read, 16, cpus, 0));
        }
    }

    @Test
    void shouldOpenPinnedMapAndOwnItsFd() throws BpfException
    {
        final Path pin = pinRoot.resolve("t_pinned");
        try (BpfMap created = BpfMap.create(Libbpf.BPF_MAP_TYPE_HASH, "t_pinned", 4, 8, 4))
        {
            assertEquals(0, created.pin(pin));
            assertEquals(-Errno.EEXIST, created.pin(pin));
            final UnsafeBuffer key = BpfMap.allocate(4);
            final UnsafeBuffer value = BpfMap.allocate(8);
            key.putInt(0, 5);
            value.putLong(0, 0x1234);
            assertEquals(0, created.update(key, value, BpfMap.ANY));

            final BpfMap pinned = BpfMap.pinned(pin, 4, 8, false);
            final int fd = pinned.fd();
            final UnsafeBuffer read = BpfMap.allocate(8);
            assertEquals(0, pinned.lookup(key, read));
            assertEquals(0x1234, read.getLong(0));
            pinned.close();

            assertEquals(-1, pinned.fd());
            assertFalse(Files.exists(Path.of("/proc/self/fd/" + fd)) &&
                fd != created.fd(), "the pinned map's own fd is closed");
            assertEquals(0, created.lookup(key, read), "the creator's fd stays open");
        }
    }

    @Test
    void shouldNotCloseBorrowedFd() throws BpfException
    {
        try (BpfMap owner = BpfMap.create(Libbpf.BPF_MAP_TYPE_HASH, "t_owner", 4, 8, 4))
        {
            final BpfMap borrowed = new BpfMap(owner.fd(), 4, 8, false);
            borrowed.close();

            assertTrue(Files.exists(Path.of("/proc/self/fd/" + owner.fd())));
            assertEquals(-Errno.ENOENT, owner.delete(BpfMap.allocate(4)));
        }
    }

    @Test
    void shouldRefuseMapOfOtherShape() throws BpfException
    {
        final Path pin = pinRoot.resolve("t_shape");
        try (BpfMap created = BpfMap.create(Libbpf.BPF_MAP_TYPE_HASH, "t_shape", 4, 8, 4))
        {
            assertEquals(0, created.pin(pin));
            assertThrows(IllegalArgumentException.class, () -> new BpfMap(created.fd(), 4, 16, false));
            assertThrows(IllegalArgumentException.class, () -> new BpfMap(created.fd(), 4, 8, true));
            final BpfException ex = assertThrows(BpfException.class, () -> BpfMap.pinned(pin, 8, 8, false));
            assertTrue(ex.getMessage().contains("does not match"), ex.getMessage());
        }
        final BpfException missing = assertThrows(BpfException.class,
            () -> BpfMap.pinned(pinRoot.resolve("nothing"), 4, 8, false));
        assertEquals(Errno.ENOENT, missing.errno());
    }

    @Test
    void shouldUpdateAndLookupWithoutAllocating() throws BpfException
    {
        try (BpfMap map = BpfMap.create(Libbpf.BPF_MAP_TYPE_HASH, "t_alloc", 16, 40, 16))
        {
            final UnsafeBuffer key = BpfMap.allocate(16);
            final UnsafeBuffer value = BpfMap.allocate(40);
            final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
            final long threadId = Thread.currentThread().getId();
            churn(map, key, value, 20_000);

            final long before = threads.getThreadAllocatedBytes(threadId);
            final int failures = churn(map, key, value, 20_000);
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

            assertEquals(0, failures);
            assertTrue(allocated < 1024, "allocated " + allocated + " bytes for 20000 update/lookup/delete");
        }
    }

    private static int churn(final BpfMap map, final UnsafeBuffer key, final UnsafeBuffer value, final int rounds)
    {
        int failures = 0;
        for (int i = 0; i < rounds; i++)
        {
            key.putInt(0, i & 7);
            failures += 0 == map.update(key, value, BpfMap.ANY) ? 0 : 1;
            failures += 0 == map.lookup(key, value) ? 0 : 1;
            failures += 0 == map.delete(key) ? 0 : 1;
        }
        return failures;
    }
}
