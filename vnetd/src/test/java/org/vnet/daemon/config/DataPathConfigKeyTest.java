package org.vnet.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.daemon.datapath.DataPathConfig;

/** The {@code datapath:} key of a daemon's configuration. */
class DataPathConfigKeyTest {
    @TempDir
    Path dir;

    private DaemonConfig load(final String yaml) throws Exception {
        return DaemonConfig.load(Files.writeString(dir.resolve("h1.yaml"), "name: h1\n" + yaml));
    }

    private ConfigException refused(final String yaml) throws IOException {
        final Path f = Files.writeString(dir.resolve("h1.yaml"), "name: h1\n" + yaml);
        return assertThrows(ConfigException.class, () -> DaemonConfig.load(f));
    }

    @Test
    void shouldUseTheKernelWhereItCanWhenNothingIsSaid() throws Exception {
        assertEquals(DataPathConfig.DEFAULT, load("").dataPath());
        assertEquals(DataPathConfig.Mode.AUTO, DataPathConfig.DEFAULT.mode());
    }

    @Test
    void shouldReadEveryKey() throws Exception {
        final DataPathConfig d = load("datapath: { mode: kernel, vxlanPort: 4789, vni: 42, hook: ingress, "
            + "bpffs: pins, holdoffMicros: 500 }\n").dataPath();
        assertEquals(new DataPathConfig(DataPathConfig.Mode.KERNEL, 4789, 42, DataPathConfig.Hook.INGRESS,
            dir.resolve("pins"), 500), d);
    }

    @Test
    void shouldRefuseBadValuesNamingTheKey() throws Exception {
        assertTrue(refused("datapath: { mode: fast }\n").getMessage().contains("datapath.mode"));
        assertTrue(refused("datapath: { hook: sideways }\n").getMessage().contains("datapath.hook"));
        assertTrue(refused("datapath: { vxlanPort: 0 }\n").getMessage().contains("vxlanPort 0 is out of range"));
        assertTrue(refused("datapath: { vni: 16777216 }\n").getMessage().contains("vni"));
        assertTrue(refused("datapath: { colour: blue }\n").getMessage().contains("colour"));
    }
}
