package org.vnet.daemon.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vnet.daemon.model.MacMatch;
import org.vnet.daemon.model.NetworkState;
import org.vnet.daemon.model.PortRef;
import org.vnet.daemon.model.RuleSpec;

/**
 * The persisted {@link NetworkState}: one JSON file with a format version, replaced atomically
 * (temporary file in the same directory, fsync, rename, fsync of the directory) so that a crash
 * or a failed write leaves either the old or the new file, never a torn one.
 * <pre>
 * {"format":2,"interfaces":[...],"links":[...],"rules":[...],"nextRuleId":4,"journalSeq":17}
 * </pre>
 * Element shapes are those of {@link ModelJson}. {@code journalSeq} (format 2) is the sequence
 * number of the last {@link ChangeJournal} record the file includes; format 1 files have none and
 * read as 0. Thread-safe; {@link #save} calls are serialised.
 */
public final class StateStore {
    /** The format {@link #save} writes. */
    public static final int FORMAT_VERSION = 2;
    /** The oldest format {@link #load} reads. */
    public static final int OLDEST_FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();

    /**
     * A state as read from the file.
     *
     * @param state      the interfaces, links and rules
     * @param journalSeq the last change journal record the state includes, 0 for none
     */
    public record Saved(NetworkState state, long journalSeq) {
    }

    /** Called between writing the temporary file and renaming it over the state file; tests inject failures. */
    interface BeforeRename {
        void run(Path temp) throws IOException;
    }

    private final Path file;
    private final BeforeRename beforeRename;

    /** A store for {@code file}; nothing is read or written until asked. */
    public StateStore(final Path file) {
        this(file, temp -> { });
    }

    StateStore(final Path file, final BeforeRename beforeRename) {
        this.file = file.toAbsolutePath().normalize();
        this.beforeRename = beforeRename;
    }

    /** The state file. */
    public Path file() {
        return file;
    }

    /**
     * Writes {@code state} atomically with journal sequence 0, creating the directory if needed.
     * On failure the previous file is untouched and the temporary file removed.
     */
    public void save(final NetworkState state) throws IOException {
        save(state, 0);
    }

    /**
     * Writes {@code state}, which includes the change journal up to {@code journalSeq}, atomically,
     * creating the directory if needed. On failure the previous file is untouched and the
     * temporary file removed.
     */
    public synchronized void save(final NetworkState state, final long journalSeq) throws IOException {
        final byte[] bytes = MAPPER.writeValueAsBytes(toJson(state, journalSeq));
        final Path dir = file.getParent();
        Files.createDirectories(dir);
        removeStaleTemporaryFiles(dir);
        final Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                final ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            beforeRename.run(temp);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (final IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (final IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** Removes temporary files a crash between writing and renaming left behind. */
    private void removeStaleTemporaryFiles(final Path dir) throws IOException {
        final String prefix = "." + file.getFileName() + ".";
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, p -> {
            final String name = p.getFileName().toString();
            return name.startsWith(prefix) && name.endsWith(".tmp");
        })) {
            for (final Path p : stale) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Reads the state file.
     *
     * @return empty when there is no state file
     * @throws StateException when it exists but cannot be read or is corrupt, naming the file and why
     */
    public Optional<NetworkState> load() throws StateException {
        return loadSaved().map(Saved::state);
    }

    /**
     * Reads the state file and the journal sequence it includes.
     *
     * @return empty when there is no state file
     * @throws StateException when it exists but cannot be read or is corrupt, naming the file and why
     */
    public Optional<Saved> loadSaved() throws StateException {
        final byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (final NoSuchFileException e) {
            return Optional.empty();
        } catch (final IOException e) {
            throw new StateException("state file " + file + " cannot be read: " + e, e);
        }
        final JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (final JsonProcessingException e) {
            throw corrupt("not valid JSON: " + e.getOriginalMessage()
                + (e.getLocation() != null ? " at line " + e.getLocation().getLineNr() : ""), e);
        } catch (final IOException e) {
            throw new StateException("state file " + file + " cannot be read: " + e, e);
        }
        if (root == null || !root.isObject()) {
            throw corrupt("want a JSON object", null);
        }
        final JsonNode format = root.get("format");
        if (format == null || !format.isIntegralNumber()) {
            throw corrupt("no integer 'format' version", null);
        }
        final int version = format.intValue();
        if (version > FORMAT_VERSION) {
            throw new StateException("state file " + file + " has format " + version + ", written by a newer vnetd; this one reads formats "
                + OLDEST_FORMAT_VERSION + ".." + FORMAT_VERSION);
        }
        if (version < OLDEST_FORMAT_VERSION) {
            throw corrupt("unknown format " + version, null);
        }
        long journalSeq = 0;
        if (version >= 2) {
            final JsonNode seq = root.get("journalSeq");
            if (seq == null || !seq.isIntegralNumber() || !seq.canConvertToLong() || seq.longValue() < 0) {
                throw corrupt("'journalSeq' must be a non-negative integer", null);
            }
            journalSeq = seq.longValue();
        }
        return Optional.of(new Saved(fromV1(root), journalSeq));
    }

    /**
     * The state to start with: the state file's when it exists (it holds the run-time changes),
     * else {@code configured} (the config file's interfaces, links and rules).
     */
    public NetworkState loadOrElse(final NetworkState configured) throws StateException {
        return load().orElse(configured);
    }

    private StateException corrupt(final String why, final Throwable cause) {
        return new StateException("state file " + file + " is corrupt: " + why
            + "; vnetd will not start on it rather than lose the run-time configuration: repair it, or move it away"
            + " to start from the config file's interfaces, links and rules", cause);
    }

    private static ObjectNode toJson(final NetworkState state, final long journalSeq) {
        final ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT_VERSION);
        final ArrayNode interfaces = root.putArray("interfaces");
        state.interfaces().values().forEach(i -> interfaces.add(ModelJson.toJson(i)));
        final ArrayNode links = root.putArray("links");
        state.links().values().forEach(l -> links.add(ModelJson.toJson(l)));
        final ArrayNode rules = root.putArray("rules");
        state.rules().forEach(r -> rules.add(ModelJson.toJson(r)));
        root.put("nextRuleId", state.nextRuleId());
        root.put("journalSeq", journalSeq);
        return root;
    }

    /** Formats 1 and 2 share these fields. */
    private NetworkState fromV1(final JsonNode root) throws StateException {
        NetworkState s = NetworkState.EMPTY;
        int i = 0;
        try {
            for (final JsonNode n : array(root, "interfaces")) {
                s = s.withInterface(ModelJson.interfaceFrom(n));
                i++;
            }
        } catch (final IllegalArgumentException e) {
            throw corrupt("interfaces[" + i + "]: " + e.getMessage(), e);
        }
        i = 0;
        try {
            for (final JsonNode n : array(root, "links")) {
                s = s.withLink(ModelJson.linkFrom(n));
                i++;
            }
        } catch (final IllegalArgumentException e) {
            throw corrupt("links[" + i + "]: " + e.getMessage(), e);
        }
        i = 0;
        try {
            for (final JsonNode n : array(root, "rules")) {
                s = s.withRule(ModelJson.ruleFrom(n));
                i++;
            }
        } catch (final IllegalArgumentException e) {
            throw corrupt("rules[" + i + "]: " + e.getMessage(), e);
        }
        final JsonNode next = root.get("nextRuleId");
        if (next != null && !next.isNull()) {
            if (!next.isIntegralNumber() || !next.canConvertToInt() || next.intValue() < 1) {
                throw corrupt("'nextRuleId' must be a positive integer", null);
            }
            s = restoreNextRuleId(s, next.intValue());
        }
        return s;
    }

    private JsonNode array(final JsonNode root, final String field) throws StateException {
        final JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return MAPPER.createArrayNode();
        }
        if (!n.isArray()) {
            throw corrupt("'" + field + "' must be an array", null);
        }
        return n;
    }

    /**
     * Brings the next rule id back to {@code next} so ids of deleted rules are not reused after a
     * restart. {@link NetworkState} raises it only by adding a rule, so a placeholder rule (matching
     * a source MAC no rule uses) is added with id {@code next - 1} and removed again.
     */
    static NetworkState restoreNextRuleId(final NetworkState s, final int next) {
        if (next <= s.nextRuleId()) {
            return s;
        }
        final PortRef to;
        if (!s.interfaces().isEmpty()) {
            to = PortRef.iface(s.interfaces().keySet().iterator().next());
        } else if (!s.links().isEmpty()) {
            to = PortRef.link(s.links().keySet().iterator().next());
        } else {
            return s;
        }
        final Set<Long> usedSources = new HashSet<>();
        for (final RuleSpec r : s.rules()) {
            usedSources.add(r.src().address());
        }
        long mac = 0;
        while (usedSources.contains(mac)) {
            mac++;
        }
        final RuleSpec placeholder = new RuleSpec(next - 1, new MacMatch(MacMatch.Kind.EXACT, mac), MacMatch.ANY, PortRef.ANY, to);
        return s.withRule(placeholder).withoutRule(next - 1);
    }
}
