package org.vnet.daemon.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.daemon.model.InterfaceSpec;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.MacMatch;
import org.vnet.daemon.model.NetworkState;
import org.vnet.daemon.model.PortRef;
import org.vnet.daemon.model.RuleSpec;
import org.vnet.daemon.model.Transport;

class StateStoreTest {
    @TempDir
    Path dir;

    private static NetworkState sample() {
        return NetworkState.EMPTY
            .withInterface(new InterfaceSpec("eth0", "vm1", 1400))
            .withInterface(new InterfaceSpec("eth1", null, 0))
            .withLink(new LinkSpec("h2", Transport.UDP, LinkSpec.parseAddress("10.200.0.2:7700"), false))
            .withLink(new LinkSpec("h3", Transport.TCP, LinkSpec.parseAddress("[::1]:7701"), true))
            .withLink(LinkSpec.sealed("h4", LinkSpec.parseAddress("10.200.0.4:7700"),
                org.vnet.daemon.model.LinkKey.of(new byte[32])))
            .withRule(new RuleSpec(0, MacMatch.ANY, MacMatch.parse("02:00:00:00:00:03"), PortRef.ANY, PortRef.link("h3")))
            .withRule(new RuleSpec(0, MacMatch.parse("not-02:00:00:00:00:01"), MacMatch.ANY, PortRef.link("h2"), PortRef.iface("eth0")));
    }

    private static void assertSameState(final NetworkState want, final NetworkState got) {
        assertEquals(List.copyOf(want.interfaces().values()), List.copyOf(got.interfaces().values()));
        assertEquals(List.copyOf(want.links().values()), List.copyOf(got.links().values()));
        assertEquals(want.rules(), got.rules());
        assertEquals(want.nextRuleId(), got.nextRuleId());
    }

    @Test
    void shouldReadBackWhatItSaved() throws Exception {
        final StateStore store = new StateStore(dir.resolve("sub/h1.state.json"));
        final NetworkState s = sample();
        store.save(s);
        assertSameState(s, store.load().orElseThrow());
        assertTrue(Files.readString(store.file()).contains("\"format\" : 2"));
        assertEquals(0, store.loadSaved().orElseThrow().journalSeq());
    }

    @Test
    void shouldReturnEmptyWhenNoFileExists() throws Exception {
        final StateStore store = new StateStore(dir.resolve("none.json"));
        assertTrue(store.load().isEmpty());
        final NetworkState configured = sample();
        assertSameState(configured, store.loadOrElse(configured));
    }

    @Test
    void shouldPreferSavedStateOverConfigured() throws Exception {
        final StateStore store = new StateStore(dir.resolve("h1.json"));
        store.save(NetworkState.EMPTY.withInterface(new InterfaceSpec("tap9", null, 0)));
        assertEquals(List.of("tap9"), List.copyOf(store.loadOrElse(sample()).interfaces().keySet()));
    }

    @Test
    void shouldKeepRuleIdsOfDeletedRulesUsedAcrossRestarts() throws Exception {
        final StateStore store = new StateStore(dir.resolve("h1.json"));
        final NetworkState s = sample().withoutRule(2).withoutRule(1);
        assertEquals(3, s.nextRuleId());
        store.save(s);
        final NetworkState back = store.load().orElseThrow();
        assertTrue(back.rules().isEmpty());
        assertEquals(3, back.nextRuleId());
    }

    @Test
    void shouldLeaveOldFileIntactAndNoTemporaryFileWhenWriteFails() throws Exception {
        final Path file = dir.resolve("h1.json");
        new StateStore(file).save(sample());
        final String before = Files.readString(file);
        final StateStore failing = new StateStore(file, temp -> {
            assertTrue(Files.exists(temp));
            throw new IOException("disk full (simulated)");
        });
        final IOException e = assertThrows(IOException.class, () -> failing.save(NetworkState.EMPTY));
        assertEquals("disk full (simulated)", e.getMessage());
        assertEquals(before, Files.readString(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void shouldRemoveTemporaryFilesLeftByACrashedSave() throws Exception {
        final Path file = dir.resolve("h1.json");
        final Path leftover = Files.writeString(dir.resolve(".h1.json.12345.tmp"), "{\"format\":1,");
        final Path unrelated = Files.writeString(dir.resolve(".other.json.1.tmp"), "keep");
        new StateStore(file).save(sample());
        assertFalse(Files.exists(leftover));
        assertTrue(Files.exists(unrelated));
        assertSameState(sample(), new StateStore(file).load().orElseThrow());
    }

    @Test
    void shouldFailWhenDirectoryCannotBeCreated() throws Exception {
        final Path blocker = Files.writeString(dir.resolve("blocker"), "a file, not a directory");
        final StateStore store = new StateStore(blocker.resolve("h1.json"));
        assertThrows(IOException.class, () -> store.save(sample()));
        assertEquals("a file, not a directory", Files.readString(blocker));
    }

    @Test
    void shouldRefuseCorruptFileWithClearError() throws Exception {
        final Path file = dir.resolve("h1.json");
        final StateStore store = new StateStore(file);

        Files.writeString(file, "{\"format\":1,\"interfaces\":[");
        StateException e = assertThrows(StateException.class, store::load);
        assertTrue(e.getMessage().startsWith("state file " + file + " is corrupt: not valid JSON"), e.getMessage());
        assertTrue(e.getMessage().contains("will not start"), e.getMessage());

        Files.writeString(file, "{\"interfaces\":[]}");
        e = assertThrows(StateException.class, store::load);
        assertTrue(e.getMessage().contains("no integer 'format' version"), e.getMessage());

        Files.writeString(file, "{\"format\":1,\"links\":[{\"name\":\"h2\",\"transport\":\"carrier-pigeon\",\"peer\":\"1.2.3.4:5\"}]}");
        e = assertThrows(StateException.class, store::load);
        assertTrue(e.getMessage().contains("links[0]: bad transport 'carrier-pigeon'"), e.getMessage());

        Files.writeString(file, "{\"format\":1,\"rules\":[{\"id\":1,\"src\":\"any\",\"dst\":\"any\",\"from\":\"any\",\"to\":\"if:gone\"}]}");
        e = assertThrows(StateException.class, store::load);
        assertTrue(e.getMessage().contains("rules[0]: rule to: no interface gone"), e.getMessage());

        Files.writeString(file, "[]");
        e = assertThrows(StateException.class, store::load);
        assertTrue(e.getMessage().contains("want a JSON object"), e.getMessage());
    }

    @Test
    void shouldRefuseFileFromNewerVersion() throws Exception {
        final Path file = Files.writeString(dir.resolve("h1.json"), "{\"format\":99}");
        final StateException e = assertThrows(StateException.class, () -> new StateStore(file).load());
        assertTrue(e.getMessage().contains("written by a newer vnetd"), e.getMessage());
    }

    @Test
    void shouldReadFormatVersion1SampleFileAsIncludingNoJournalRecord() throws Exception {
        final StateStore.Saved saved = sampleFile(1);
        assertEquals(0, saved.journalSeq());
        assertSample(saved.state());
    }

    @Test
    void shouldReadFormatVersion2SampleFileWithItsJournalSequence() throws Exception {
        final StateStore.Saved saved = sampleFile(2);
        assertEquals(12, saved.journalSeq());
        assertSample(saved.state());
    }

    @Test
    void shouldWriteTheJournalSequenceItIsGiven() throws Exception {
        final StateStore store = new StateStore(dir.resolve("h1.json"));
        store.save(sample(), 1L << 40);
        assertEquals(1L << 40, store.loadSaved().orElseThrow().journalSeq());
        Files.writeString(store.file(), "{\"format\":2,\"interfaces\":[]}");
        final StateException e = assertThrows(StateException.class, store::load);
        assertTrue(e.getMessage().contains("'journalSeq' must be a non-negative integer"), e.getMessage());
    }

    private StateStore.Saved sampleFile(final int format) throws Exception {
        final Path file = dir.resolve("v" + format + ".json");
        try (InputStream in = StateStoreTest.class.getResourceAsStream("state-format-" + format + ".json")) {
            Files.copy(in, file);
        }
        return new StateStore(file).loadSaved().orElseThrow();
    }

    private static void assertSample(final NetworkState s) {
        assertEquals(new InterfaceSpec("eth0", "vm1", 1400), s.interfaces().get("eth0"));
        assertNull(s.interfaces().get("eth1").netns());
        assertTrue(s.links().get("h3").accept());
        assertEquals(LinkSpec.parseAddress("[fd00::3]:7702"), s.links().get("h3").peer());
        assertEquals(2, s.rule(2).id());
        assertEquals(PortRef.link("h2"), s.rule(5).from());
        assertEquals("not-02:00:00:00:00:01", s.rule(5).src().toString());
        assertEquals(9, s.nextRuleId());
        assertFalse(s.links().get("h2").accept());
    }
}
