package org.vnet.nativeio.bpf;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.testing.Privileged;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link BpfFs} on the real bpffs (needs the BPF privileges and CAP_SYS_ADMIN for mounting).
 */
@Privileged
class BpfFsTest
{
    private Path created;

    @BeforeEach
    void requireBpf()
    {
        assumeTrue(BpfSupport.isAvailable(), BpfSupport.unavailabilityCause());
    }

    @AfterEach
    void cleanUp()
    {
        if (null != created)
        {
            BpfFs.removeTree(created);
        }
    }

    @Test
    void shouldCreateNestedDirectoriesOnSystemBpffs() throws BpfException
    {
        created = BpfTests.newPinRoot();
        final Path nested = BpfFs.ensureDirectory(created.resolve("a/b"));

        assertTrue(Files.isDirectory(nested));
        assertTrue(BpfFs.isBpfFs(nested));
        assertTrue(BpfFs.isBpfFs(BpfFs.DEFAULT_ROOT));
        assertEquals(nested, BpfFs.ensureDirectory(nested), "idempotent");
    }

    @Test
    void shouldRemovePinsAndDirectoriesBottomUp() throws BpfException
    {
        created = BpfTests.newPinRoot();
        final Path nested = BpfFs.ensureDirectory(created.resolve("x/y"));
        try (BpfMap map = BpfMap.create(Libbpf.BPF_MAP_TYPE_ARRAY, "t_fs", 4, 4, 1))
        {
            assertEquals(0, map.pin(nested.resolve("m1")));
            assertEquals(0, map.pin(created.resolve("m2")));
        }

        BpfFs.removeTree(created);

        assertFalse(Files.exists(created));
        BpfFs.removeTree(created);
    }

    @Test
    void shouldRemoveAnEmptyPinFolderButKeepOneStillHoldingPins() throws BpfException
    {
        created = BpfTests.newPinRoot();
        final Path daemon = BpfFs.ensureDirectory(created.resolve("d1"));
        BpfFs.removeIfEmpty(created);
        assertTrue(Files.isDirectory(daemon), "kept while it holds a daemon's folder");

        BpfFs.removeTree(daemon);
        BpfFs.removeIfEmpty(created);

        assertFalse(Files.exists(created));
        BpfFs.removeIfEmpty(BpfFs.DEFAULT_ROOT);
        assertTrue(Files.isDirectory(BpfFs.DEFAULT_ROOT), "never the system's root");
    }

    @Test
    void shouldMountOwnBpffsOutsideSysFs(@TempDir final Path temp) throws BpfException
    {
        final Path dir = temp.resolve("pins/vnet");
        assertFalse(BpfFs.isBpfFs(temp));

        final Path made = BpfFs.ensureDirectory(dir);
        try
        {
            assertTrue(BpfFs.isBpfFs(made));
            assertFalse(BpfFs.isBpfFs(made.getParent()));
            try (BpfMap map = BpfMap.create(Libbpf.BPF_MAP_TYPE_ARRAY, "t_fs", 4, 4, 1))
            {
                assertEquals(0, map.pin(made.resolve("m")));
            }
        }
        finally
        {
            BpfFs.removeTree(made);
        }
        assertFalse(Files.exists(made), "unmounted and removed");
    }

    @Test
    void shouldLeaveNonBpffsTreesAlone(@TempDir final Path temp) throws Exception
    {
        final Path file = Files.createFile(temp.resolve("keep"));

        BpfFs.removeTree(temp);

        assertTrue(Files.exists(file));
        assertFalse(BpfFs.isBpfFs(temp));
        assertFalse(BpfFs.isBpfFs(temp.resolve("missing")));
    }
}
