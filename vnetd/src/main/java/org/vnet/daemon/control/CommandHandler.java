package org.vnet.daemon.control;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnet.daemon.inference.GlobalView;
import org.vnet.daemon.model.InterfaceSpec;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.MacMatch;
import org.vnet.daemon.model.NetworkState;
import org.vnet.daemon.model.PortRef;
import org.vnet.daemon.model.RuleSpec;
import org.vnet.daemon.model.Transport;
import org.vnet.inference.engine.AnalysisResult;
import org.vnet.inference.engine.ResultJson;
import org.vnet.inference.engine.ResultText;
import org.vnet.protocol.Command;
import org.vnet.protocol.ErrorCode;
import org.vnet.protocol.ProtocolException;
import org.vnet.protocol.Replies;
import org.vnet.protocol.Request;
import org.vnet.protocol.Requests;
import org.vnet.protocol.Response;
import org.vnet.protocol.StatsSnapshot;

/**
 * Turns one request line into one response record: decodes it against the command table
 * ({@link Command}), runs the command's action on {@link DaemonControl}, and answers
 * {@link Response.Ok} or {@link Response.Error}, echoing the request's {@code id}. Never throws.
 * Not thread-safe: called from the control server's one thread.
 */
final class CommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CommandHandler.class);

    /** One command's action: the request record in, the reply record out. */
    @FunctionalInterface
    private interface Action {
        Object run(Object request) throws CommandException;
    }

    private final DaemonControl control;
    private final ControlCounters counters;
    private final Map<Command, Action> actions = new EnumMap<>(Command.class);

    CommandHandler(final DaemonControl control, final ControlCounters counters) {
        this.control = control;
        this.counters = counters;
        actions.put(Command.STATUS, r -> new Replies.Status(control.status()));
        actions.put(Command.STATS, r -> new Replies.Stats(withControlCounters(control.stats())));
        actions.put(Command.IF_LIST, r -> new Replies.Interfaces(interfaces(control.state())));
        actions.put(Command.IF_ADD, r -> ifAdd((Requests.IfAdd) r));
        actions.put(Command.IF_DEL, r -> {
            final String name = ((Requests.Name) r).name();
            control.apply(s -> s.withoutInterface(name));
            return new Replies.PortDeleted("if:" + name);
        });
        actions.put(Command.LINK_LIST, r -> new Replies.Links(links(control.state())));
        actions.put(Command.LINK_ADD, r -> linkAdd((Requests.LinkAdd) r));
        actions.put(Command.LINK_DEL, r -> {
            final String name = ((Requests.Name) r).name();
            control.apply(s -> s.withoutLink(name));
            return new Replies.PortDeleted("link:" + name);
        });
        actions.put(Command.RULE_LIST, r -> new Replies.Rules(rules(control.state())));
        actions.put(Command.RULE_ADD, r -> ruleAdd((Requests.RuleAdd) r));
        actions.put(Command.RULE_DEL, r -> {
            final int id = ((Requests.RuleDel) r).rule();
            control.apply(s -> s.withoutRule(id));
            return new Replies.RuleDeleted(id);
        });
        actions.put(Command.ANALYSIS, r -> {
            final AnalysisResult result = control.analysis();
            return new Replies.Analysis(ResultJson.toTree(result), ResultText.render(result));
        });
        actions.put(Command.TOPOLOGY, r -> {
            final int resolution = ((Requests.Resolution) r).secondsOrGlobal();
            final GlobalView.Result g = view(resolution);
            return new Replies.Topology(InferenceReplies.topology(g), g.observers(), level(resolution));
        });
        actions.put(Command.MATRIX, r -> {
            final int resolution = ((Requests.Resolution) r).secondsOrGlobal();
            final GlobalView.Result g = view(resolution);
            return new Replies.Matrix(InferenceReplies.matrix(g), g.observers(), level(resolution));
        });
        actions.put(Command.RIR, r -> new Replies.Rir(ResultJson.toTree(control.analysis()).get("rir")));
        actions.put(Command.BIC, r -> {
            final JsonNode tree = ResultJson.toTree(control.analysis());
            return new Replies.Bic(tree.get("bic"), tree.get("bicSummary"));
        });
        actions.put(Command.NETWORK, r -> {
            final JsonNode tree = ResultJson.toTree(control.analysis());
            return new Replies.Network(tree.get("network"), tree.get("timeDecomposition"));
        });
        for (final Command c : Command.values()) {
            if (!actions.containsKey(c)) {
                throw new IllegalStateException("no action for command " + c.wireName());
            }
        }
    }

    /** Answers the request in {@code line[offset, offset+length)}. */
    Object handle(final byte[] line, final int offset, final int length) {
        counters.requests.incrementAndGet();
        final Request request;
        try {
            request = Request.decode(line, offset, length);
        } catch (final ProtocolException e) {
            if (e.code() == ErrorCode.UNKNOWN_COMMAND) {
                counters.unknownCommands.incrementAndGet();
            } else {
                counters.badRequests.incrementAndGet();
            }
            return new Response.Error(e.id(), e.code(), e.getMessage());
        }
        try {
            return new Response.Ok(request.id(), actions.get(request.command()).run(request.body()));
        } catch (final CommandException | IllegalArgumentException e) {
            counters.refused.incrementAndGet();
            return new Response.Error(request.id(), ErrorCode.REFUSED, e.getMessage());
        } catch (final RuntimeException e) {
            counters.internalErrors.incrementAndGet();
            LOG.warn("control command {} failed", request.command().wireName(), e);
            return new Response.Error(request.id(), ErrorCode.INTERNAL, "internal error: " + e);
        }
    }

    private Replies.InterfaceAdded ifAdd(final Requests.IfAdd r) throws CommandException {
        final InterfaceSpec spec = new InterfaceSpec(r.name(), r.netns(), r.mtuOrDefault());
        final NetworkState after = control.apply(s -> s.withInterface(spec));
        return new Replies.InterfaceAdded(info(after.interfaces().getOrDefault(spec.name(), spec)));
    }

    private Replies.LinkAdded linkAdd(final Requests.LinkAdd r) throws CommandException {
        final LinkSpec spec = new LinkSpec(r.name(), Transport.parse(r.transport()), LinkSpec.parseAddress(r.peer()), r.accepts());
        final NetworkState after = control.apply(s -> s.withLink(spec));
        return new Replies.LinkAdded(info(after.links().getOrDefault(spec.name(), spec)));
    }

    private Replies.RuleAdded ruleAdd(final Requests.RuleAdd r) throws CommandException {
        final RuleSpec rule = new RuleSpec(0, MacMatch.parse(r.srcOrAny()), MacMatch.parse(r.dstOrAny()),
            PortRef.parse(r.fromOrAny()), PortRef.parse(r.to()));
        final NetworkState after = control.apply(s -> s.withRule(rule));
        RuleSpec added = rule;
        for (final RuleSpec x : after.rules()) {
            if (x.sameAs(rule)) {
                added = x;
            }
        }
        return new Replies.RuleAdded(info(added));
    }

    private GlobalView.Result view(final int resolution) throws CommandException {
        return resolution == 0 ? control.globalView() : InferenceReplies.recent(control.analysis(), resolution);
    }

    private Integer level(final int resolution) throws CommandException {
        return resolution == 0 ? null : InferenceReplies.level(control.analysis(), resolution);
    }

    /** The daemon's counters with the control socket's own added under {@code system}. */
    private StatsSnapshot withControlCounters(final StatsSnapshot s) {
        final Map<String, Long> system = new LinkedHashMap<>(s.system());
        counters.snapshot().forEach(system::putIfAbsent);
        return new StatsSnapshot(s.ports(), s.rules(), system, s.kernel());
    }

    private static List<Replies.InterfaceInfo> interfaces(final NetworkState s) {
        final List<Replies.InterfaceInfo> list = new ArrayList<>(s.interfaces().size());
        s.interfaces().values().forEach(i -> list.add(info(i)));
        return list;
    }

    private static List<Replies.LinkInfo> links(final NetworkState s) {
        final List<Replies.LinkInfo> list = new ArrayList<>(s.links().size());
        s.links().values().forEach(l -> list.add(info(l)));
        return list;
    }

    private static List<Replies.RuleInfo> rules(final NetworkState s) {
        final List<Replies.RuleInfo> list = new ArrayList<>(s.rules().size());
        s.rules().forEach(r -> list.add(info(r)));
        return list;
    }

    static Replies.InterfaceInfo info(final InterfaceSpec i) {
        return new Replies.InterfaceInfo(i.name(), i.netns(), i.mtu());
    }

    static Replies.LinkInfo info(final LinkSpec l) {
        return new Replies.LinkInfo(l.name(), l.transport().label(), LinkSpec.formatAddress(l.peer()), l.accept());
    }

    static Replies.RuleInfo info(final RuleSpec r) {
        return new Replies.RuleInfo(r.id(), r.src().toString(), r.dst().toString(), r.from().toString(), r.to().toString());
    }
}
