package org.vnet.daemon.control;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnet.daemon.model.InterfaceSpec;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.MacMatch;
import org.vnet.daemon.inference.GlobalView;
import org.vnet.daemon.model.NetworkState;
import org.vnet.inference.engine.AnalysisResult;
import org.vnet.inference.engine.ResultJson;
import org.vnet.inference.engine.ResultText;
import org.vnet.daemon.model.PortRef;
import org.vnet.daemon.model.RuleSpec;
import org.vnet.daemon.model.Transport;
import org.vnet.daemon.state.ModelJson;

/**
 * Turns one request line into one response object: parses and checks the JSON, runs the command
 * against {@link DaemonControl}, and answers {@code {"ok":true,...}} or
 * {@code {"ok":false,"code":...,"error":...}}, echoing the request's {@code id}. Never throws.
 */
final class CommandHandler {
    /** Every command, in the order the help lists them. */
    static final List<String> COMMANDS = List.of("status", "stats", "if.list", "if.add", "if.del",
        "link.list", "link.add", "link.del", "rule.list", "rule.add", "rule.del", "analysis", "topology", "matrix", "rir", "bic", "network");

    static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();

    private static final Logger LOG = LoggerFactory.getLogger(CommandHandler.class);

    private static final Map<String, Set<String>> FIELDS = Map.ofEntries(
        Map.entry("status", Set.of()),
        Map.entry("stats", Set.of()),
        Map.entry("if.list", Set.of()),
        Map.entry("if.add", Set.of("name", "netns", "mtu")),
        Map.entry("if.del", Set.of("name")),
        Map.entry("link.list", Set.of()),
        Map.entry("link.add", Set.of("name", "transport", "peer", "accept")),
        Map.entry("link.del", Set.of("name")),
        Map.entry("rule.list", Set.of()),
        Map.entry("rule.add", Set.of("src", "dst", "from", "to")),
        Map.entry("rule.del", Set.of("rule")),
        Map.entry("analysis", Set.of()),
        Map.entry("topology", Set.of("resolution")),
        Map.entry("matrix", Set.of("resolution")),
        Map.entry("rir", Set.of()),
        Map.entry("bic", Set.of()),
        Map.entry("network", Set.of()));

    /** A request the protocol cannot accept (shape, types): counted as a bad request. */
    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(final String message) {
            super(message, null, false, false);
        }
    }

    private final DaemonControl control;
    private final ControlCounters counters;
    private final Supplier<Map<String, Long>> controlCounters;

    CommandHandler(final DaemonControl control, final ControlCounters counters) {
        this.control = control;
        this.counters = counters;
        this.controlCounters = counters::snapshot;
    }

    /** Answers the request in {@code line[offset, offset+length)}. */
    ObjectNode handle(final byte[] line, final int offset, final int length) {
        counters.requests.incrementAndGet();
        final JsonNode request;
        try {
            request = MAPPER.readTree(line, offset, length);
        } catch (final JsonProcessingException e) {
            return bad(null, malformed(e));
        } catch (final IOException e) {
            return bad(null, "malformed JSON: " + e.getMessage());
        }
        if (request == null || !request.isObject()) {
            return bad(null, "a request must be a JSON object, e.g. {\"cmd\":\"status\"}");
        }
        final JsonNode id = request.get("id");
        if (id != null && !id.isTextual() && !id.isNumber()) {
            return bad(null, "field 'id' must be a string or a number");
        }
        final JsonNode cmdNode = request.get("cmd");
        if (cmdNode == null || !cmdNode.isTextual()) {
            return bad(id, "field 'cmd' is missing or not a string (commands: " + String.join(", ", COMMANDS) + ")");
        }
        final String cmd = cmdNode.asText();
        final Set<String> allowed = FIELDS.get(cmd);
        if (allowed == null) {
            counters.unknownCommands.incrementAndGet();
            return error(id, "unknown-command", "unknown command '" + cmd + "' (commands: " + String.join(", ", COMMANDS) + ")");
        }
        try {
            checkFields(request, cmd, allowed);
            final ObjectNode body = run(cmd, request);
            final ObjectNode response = MAPPER.createObjectNode();
            response.put("ok", true);
            if (id != null) {
                response.set("id", id);
            }
            response.setAll(body);
            return response;
        } catch (final BadRequest e) {
            return bad(id, e.getMessage());
        } catch (final CommandException | IllegalArgumentException e) {
            counters.refused.incrementAndGet();
            return error(id, "refused", e.getMessage());
        } catch (final RuntimeException e) {
            counters.internalErrors.incrementAndGet();
            LOG.warn("control command {} failed", cmd, e);
            return error(id, "internal", "internal error: " + e);
        }
    }

    /** Jackson's reason, first line only, without its source-location boilerplate, plus the column. */
    private static String malformed(final JsonProcessingException e) {
        String why = String.valueOf(e.getOriginalMessage());
        final int marker = why.indexOf(" (start marker");
        if (marker > 0) {
            why = why.substring(0, marker);
        }
        final int newline = why.indexOf('\n');
        if (newline > 0) {
            why = why.substring(0, newline);
        }
        final String at = e.getLocation() != null && e.getLocation().getColumnNr() > 0
            ? " at column " + e.getLocation().getColumnNr() : "";
        return "malformed JSON" + at + ": " + why;
    }

    /** An error response not tied to a request line (too long, too many connections, timeout). */
    static ObjectNode error(final JsonNode id, final String code, final String message) {
        final ObjectNode response = MAPPER.createObjectNode();
        response.put("ok", false);
        if (id != null) {
            response.set("id", id);
        }
        response.put("code", code);
        response.put("error", message);
        return response;
    }

    private ObjectNode bad(final JsonNode id, final String message) {
        counters.badRequests.incrementAndGet();
        return error(id, "bad-request", message);
    }

    private static void checkFields(final JsonNode request, final String cmd, final Set<String> allowed) throws BadRequest {
        for (final Iterator<String> it = request.fieldNames(); it.hasNext(); ) {
            final String f = it.next();
            if (!f.equals("cmd") && !f.equals("id") && !allowed.contains(f)) {
                throw new BadRequest("unknown field '" + f + "' for " + cmd
                    + (allowed.isEmpty() ? " (it takes none)" : " (fields: " + String.join(", ", allowed.stream().sorted().toList()) + ")"));
            }
        }
    }

    private ObjectNode run(final String cmd, final JsonNode r) throws BadRequest, CommandException {
        final ObjectNode body = MAPPER.createObjectNode();
        switch (cmd) {
            case "status" -> body.set("status", status(control.status()));
            case "stats" -> body.set("stats", stats(control.stats()));
            case "analysis" -> {
                final AnalysisResult result = control.analysis();
                body.set("analysis", ResultJson.toTree(result));
                body.put("text", ResultText.render(result));
            }
            case "topology", "matrix" -> {
                final int resolution = integer(r, "resolution", 0);
                if (resolution < 0) {
                    throw new BadRequest("field 'resolution' must be a positive number of seconds");
                }
                final GlobalView.Result g = resolution == 0 ? control.globalView()
                    : GlobalJson.recent(control.analysis(), resolution);
                body.set(cmd, cmd.equals("topology") ? GlobalJson.topology(g) : GlobalJson.matrix(g));
                body.set("observers", GlobalJson.observers(g));
                if (resolution > 0) {
                    body.put("resolutionSeconds", GlobalJson.level(control.analysis(), resolution));
                }
            }
            case "rir" -> body.set("rir", ResultJson.toTree(control.analysis()).get("rir"));
            case "bic" -> {
                final JsonNode tree = ResultJson.toTree(control.analysis());
                body.set("bic", tree.get("bic"));
                body.set("bicSummary", tree.get("bicSummary"));
            }
            case "network" -> {
                final JsonNode tree = ResultJson.toTree(control.analysis());
                body.set("network", tree.get("network"));
                body.set("timeDecomposition", tree.get("timeDecomposition"));
            }
            case "if.list" -> {
                final ArrayNode a = body.putArray("interfaces");
                control.state().interfaces().values().forEach(i -> a.add(ModelJson.toJson(i)));
            }
            case "if.add" -> {
                final InterfaceSpec spec = new InterfaceSpec(text(r, "name", null), text(r, "netns", ""), integer(r, "mtu", 0));
                final NetworkState after = control.apply(s -> s.withInterface(spec));
                body.set("interface", ModelJson.toJson(after.interfaces().getOrDefault(spec.name(), spec)));
            }
            case "if.del" -> {
                final String name = text(r, "name", null);
                control.apply(s -> s.withoutInterface(name));
                body.put("deleted", "if:" + name);
            }
            case "link.list" -> {
                final ArrayNode a = body.putArray("links");
                control.state().links().values().forEach(l -> a.add(ModelJson.toJson(l)));
            }
            case "link.add" -> {
                final String name = text(r, "name", null);
                final Transport transport = Transport.parse(text(r, "transport", null));
                final LinkSpec spec = new LinkSpec(name, transport, LinkSpec.parseAddress(text(r, "peer", null)), bool(r, "accept"));
                final NetworkState after = control.apply(s -> s.withLink(spec));
                body.set("link", ModelJson.toJson(after.links().getOrDefault(name, spec)));
            }
            case "link.del" -> {
                final String name = text(r, "name", null);
                control.apply(s -> s.withoutLink(name));
                body.put("deleted", "link:" + name);
            }
            case "rule.list" -> {
                final ArrayNode a = body.putArray("rules");
                control.state().rules().forEach(x -> a.add(ModelJson.toJson(x)));
            }
            case "rule.add" -> {
                final RuleSpec rule = new RuleSpec(0, MacMatch.parse(text(r, "src", "any")), MacMatch.parse(text(r, "dst", "any")),
                    PortRef.parse(text(r, "from", "any")), PortRef.parse(text(r, "to", null)));
                final NetworkState after = control.apply(s -> s.withRule(rule));
                RuleSpec added = rule;
                for (final RuleSpec x : after.rules()) {
                    if (x.sameAs(rule)) {
                        added = x;
                    }
                }
                body.set("rule", ModelJson.toJson(added));
            }
            case "rule.del" -> {
                final int id = integer(r, "rule", -1);
                if (id < 1) {
                    throw new BadRequest("field 'rule' is missing (the id of the rule to delete, a positive integer)");
                }
                control.apply(s -> s.withoutRule(id));
                body.put("deleted", id);
            }
            default -> throw new IllegalStateException("command table and switch disagree on " + cmd);
        }
        return body;
    }

    private static ObjectNode status(final DaemonStatus s) {
        final ObjectNode n = MAPPER.createObjectNode();
        n.put("name", s.name());
        n.put("hub", s.hub());
        n.put("uptimeMillis", s.uptimeMillis());
        n.put("tapIo", s.tapIo());
        n.put("transport", s.transport());
        n.put("interfaces", s.interfaces());
        n.put("links", s.links());
        n.put("linksUp", s.linksUp());
        n.put("rules", s.rules());
        n.put("dataPath", s.dataPath());
        final ObjectNode perInterface = n.putObject("interfaceDataPaths");
        s.interfaceDataPaths().forEach(perInterface::put);
        return n;
    }

    private ObjectNode stats(final StatsSnapshot s) {
        final ObjectNode n = MAPPER.createObjectNode();
        final ArrayNode ports = n.putArray("ports");
        for (final StatsSnapshot.PortStats p : s.ports()) {
            final ObjectNode o = ports.addObject();
            o.put("kind", p.kind());
            o.put("name", p.name());
            o.put("state", p.state());
            o.put("rxFrames", p.rxFrames());
            o.put("rxBytes", p.rxBytes());
            o.put("txFrames", p.txFrames());
            o.put("txBytes", p.txBytes());
            o.put("drops", p.drops());
        }
        final ArrayNode rules = n.putArray("rules");
        for (final StatsSnapshot.RuleStats r : s.rules()) {
            rules.addObject().put("id", r.id()).put("frames", r.frames());
        }
        final ObjectNode kernel = n.putObject("kernel");
        s.kernel().forEach(kernel::put);
        final ObjectNode system = n.putObject("system");
        s.system().forEach(system::put);
        controlCounters.get().forEach((k, v) -> {
            if (!system.has(k)) {
                system.put(k, v);
            }
        });
        return n;
    }

    /** A string field; {@code absent} null makes it required. */
    private static String text(final JsonNode r, final String field, final String absent) throws BadRequest {
        final JsonNode v = r.get(field);
        if (v == null || v.isNull()) {
            if (absent == null) {
                throw new BadRequest("field '" + field + "' is missing (a string)");
            }
            return absent.isEmpty() ? null : absent;
        }
        if (!v.isTextual()) {
            throw new BadRequest("field '" + field + "' must be a string, not " + v.getNodeType().name().toLowerCase());
        }
        return v.asText();
    }

    private static int integer(final JsonNode r, final String field, final int absent) throws BadRequest {
        final JsonNode v = r.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new BadRequest("field '" + field + "' must be an integer, not " + v.getNodeType().name().toLowerCase());
        }
        return v.intValue();
    }

    private static boolean bool(final JsonNode r, final String field) throws BadRequest {
        final JsonNode v = r.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new BadRequest("field '" + field + "' must be true or false, not " + v.getNodeType().name().toLowerCase());
        }
        return v.booleanValue();
    }
}
