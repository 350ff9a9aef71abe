package org.vnet.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.daemon.config.DaemonConfig;

class VnetdContextTest {
    @TempDir
    Path dir;

    @Test
    void shouldConcludeWithDefaultsAndDerivedValues() {
        final VnetdContext ctx = new VnetdContext().name("h1").conclude();
        assertTrue(ctx.isConcluded());
        assertTrue(ctx.inference());
        assertTrue(ctx.nativeUdp());
        assertTrue(ctx.udpCoalesce());
        assertTrue(ctx.udpUso());
        assertTrue(ctx.udpMergeDatagrams());
        assertTrue(ctx.tapVnetHeader());
        assertTrue(ctx.tapOffload());
        assertTrue(ctx.tapUso());
        assertEquals(0, ctx.spinMicros());
        assertEquals(300_000, ctx.macAgeMillis());
        assertEquals(65_536, ctx.macCapacity());
        assertEquals(2_000, ctx.summaryPeriodMillis());
        assertEquals(DaemonConfig.UNDERLAY_MTU_DEFAULT - VnetdContext.UDP_IPV4_OVERHEAD, ctx.defaultTapMtu());
        assertEquals(io.netty.handler.ssl.OpenSsl.isAvailable() ? io.netty.handler.ssl.SslProvider.OPENSSL
            : io.netty.handler.ssl.SslProvider.JDK, ctx.sslProvider());
        assertNull(ctx.config());
    }

    @Test
    void shouldTakeOverridesByTheirPropertyNames() {
        final Properties p = new Properties();
        p.setProperty("vnet.inference", "false");
        p.setProperty("vnet.dataplane.spinMicros", "200");
        p.setProperty("vnet.udp.native", "false");
        p.setProperty("vnet.udp.coalesce", " FALSE ");
        p.setProperty("vnet.udp.uso", "false");
        p.setProperty("vnet.udp.mergeDatagrams", "false");
        p.setProperty("vnet.tap.vnetHeader", "false");
        p.setProperty("vnet.tap.offload", "false");
        p.setProperty("vnet.tap.uso", "false");
        p.setProperty("vnet.tls.provider", "jdk");
        p.setProperty("vnet.mac.ageMillis", "1000");
        p.setProperty("vnet.mac.capacity", "16");
        p.setProperty("vnet.inference.summaryPeriodMillis", "50");
        p.setProperty("vnet.unrelated", "whatever");
        final VnetdContext ctx = new VnetdContext().name("h1").overrides(p).conclude();
        assertFalse(ctx.inference());
        assertEquals(200, ctx.spinMicros());
        assertFalse(ctx.nativeUdp());
        assertFalse(ctx.udpCoalesce());
        assertFalse(ctx.udpUso());
        assertFalse(ctx.udpMergeDatagrams());
        assertFalse(ctx.tapVnetHeader());
        assertFalse(ctx.tapOffload());
        assertFalse(ctx.tapUso());
        assertEquals(io.netty.handler.ssl.SslProvider.JDK, ctx.sslProvider());
        assertEquals(1000, ctx.macAgeMillis());
        assertEquals(16, ctx.macCapacity());
        assertEquals(50, ctx.summaryPeriodMillis());
    }

    @Test
    void shouldTakeIdentityHubAndUnderlayMtuFromTheConfigurationFile() throws Exception {
        final Path file = dir.resolve("h2.yaml");
        Files.writeString(file, "name: h2\nhub: true\nunderlayMtu: 9000\n");
        final DaemonConfig config = DaemonConfig.load(file);
        final VnetdContext ctx = new VnetdContext().config(config).conclude();
        assertEquals("h2", ctx.name());
        assertTrue(ctx.hub());
        assertEquals(9000, ctx.underlayMtu());
        assertEquals(9000 - VnetdContext.UDP_IPV4_OVERHEAD, ctx.defaultTapMtu());
        assertEquals(config, ctx.config());
    }

    @Test
    void shouldListEveryBadSettingWhenConcluding() {
        final Properties p = new Properties();
        p.setProperty("vnet.udp.coalesce", "yes");
        p.setProperty("vnet.dataplane.spinMicros", "fast");
        p.setProperty("vnet.tls.provider", "gnutls");
        final VnetdContext ctx = new VnetdContext().name("no spaces").underlayMtu(100).macCapacity(0)
            .macAgeMillis(-1).summaryPeriodMillis(0).overrides(p);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ctx::conclude);
        assertEquals(List.of(
            "vnet.dataplane.spinMicros: 'fast' is not an integer",
            "vnet.udp.coalesce: 'yes' is not true or false",
            "name: bad daemon name 'no spaces' (1-32 of A-Z a-z 0-9 _ . -)",
            "underlayMtu: 100 is out of range 576..65535",
            "vnet.tls.provider: 'gnutls' is not openssl or jdk",
            "vnet.mac.ageMillis: -1 is not positive",
            "vnet.mac.capacity: 0 is not positive",
            "vnet.inference.summaryPeriodMillis: 0 is not positive"), e.getMessage().lines().toList());
        assertFalse(ctx.isConcluded());
    }

    @Test
    void shouldRefuseANegativeSpinAndAMissingName() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new VnetdContext().spinMicros(-5).conclude());
        assertEquals(List.of("name: missing (the daemon's identity)",
            "vnet.dataplane.spinMicros: -5 is out of range 0..1000000"), e.getMessage().lines().toList());
    }

    @Test
    void shouldRefuseChangesOnceConcluded() {
        final VnetdContext ctx = new VnetdContext().name("h1").conclude();
        assertThrows(IllegalStateException.class, () -> ctx.inference(false));
        assertThrows(IllegalStateException.class, () -> ctx.overrides(new Properties()));
        assertThrows(IllegalStateException.class, ctx::conclude);
        assertTrue(ctx.inference());
    }
}
