package org.vnet.daemon.control;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnet.daemon.inference.GlobalView;
import org.vnet.daemon.model.InterfaceSpec;
import org.vnet.daemon.model.LinkKey;
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
 * <p>
 * {@link #tryRun} runs a rule or link change only if it can be done without waiting (on the
 * data-plane loop, {@link DaemonControl#tryApply}); {@link #run} runs any command and may wait.
 * Holds no per-request state: the data-plane loop and the control server's thread may use it at once.
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
    /** The commands {@link #tryRun} may run: their action answers null when it would have to wait. */
    private final Map<Command, Action> nowActions = new EnumMap<>(Command.class);

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
        actions.put(Command.LINK_ADD, r -> linkAdd((Requests.LinkAdd) r, false));
        actions.put(Command.LINK_DEL, r -> linkDel((Requests.Name) r, false));
        nowActions.put(Command.LINK_ADD, r -> linkAdd((Requests.LinkAdd) r, true));
        nowActions.put(Command.LINK_DEL, r -> linkDel((Requests.Name) r, true));
        actions.put(Command.LINK_KEY, r -> linkKey((Requests.LinkKey) r, false));
        nowActions.put(Command.LINK_KEY, r -> linkKey((Requests.LinkKey) r, true));
        actions.put(Command.RULE_LIST, r -> new Replies.Rules(rules(control.state())));
        actions.put(Command.RULE_ADD, r -> ruleAdd((Requests.RuleAdd) r, false));
        actions.put(Command.RULE_DEL, r -> ruleDel((Requests.RuleDel) r, false));
        nowActions.put(Command.RULE_ADD, r -> ruleAdd((Requests.RuleAdd) r, true));
        nowActions.put(Command.RULE_DEL, r -> ruleDel((Requests.RuleDel) r, true));
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
        actions.put(Command.ADAPT_STATUS, r -> adapt().status());
        actions.put(Command.ADAPT_SET, r -> adapt().enable(((Requests.AdaptSet) r).enabled()));
        actions.put(Command.ADAPT_ONCE, r -> adapt().once());
        actions.put(Command.PLAN, r -> adapt().plan((Requests.Plan) r));
        for (final Command c : Command.values()) {
            if (!actions.containsKey(c)) {
                throw new IllegalStateException("no action for command " + c.wireName());
            }
        }
    }

    private AdaptControl adapt() throws CommandException {
        final AdaptControl a = control.adaptation();
        if (a == null) {
            throw new CommandException("adaptation is not configured in this daemon (config: adaptation: {leader: true} or {follow: LINK})");
        }
        return a;
    }

    /** Answers the request in {@code line[offset, offset+length)}, waiting as long as the command takes. */
    Object handle(final byte[] line, final int offset, final int length) {
        final Object decoded = decode(line, offset, length);
        return decoded instanceof Request request ? run(request) : decoded;
    }

    /** The request in {@code line[offset, offset+length)}, or the error response when it is not one. */
    Object decode(final byte[] line, final int offset, final int length) {
        counters.requests.incrementAndGet();
        try {
            return Request.decode(line, offset, length);
        } catch (final ProtocolException e) {
            if (e.code() == ErrorCode.UNKNOWN_COMMAND) {
                counters.unknownCommands.incrementAndGet();
            } else {
                counters.badRequests.incrementAndGet();
            }
            return new Response.Error(e.id(), e.code(), e.getMessage());
        }
    }

    /**
     * Answers {@code request} if that needs no waiting (a rule or link change the daemon can apply
     * on the calling thread now); else does nothing and returns null: {@link #run} it elsewhere.
     */
    Object tryRun(final Request request) {
        final Action action = nowActions.get(request.command());
        return action == null ? null : answer(request, action);
    }

    /** Answers {@code request}, waiting as long as the command takes. */
    Object run(final Request request) {
        return answer(request, actions.get(request.command()));
    }

    private Object answer(final Request request, final Action action) {
        final long start = System.nanoTime();
        final Object answer = answerTimed(request, action);
        if (answer != null) {
            counters.observer.answered(request.command().wireName(), System.nanoTime() - start);
        }
        return answer;
    }

    private Object answerTimed(final Request request, final Action action) {
        try {
            final Object reply = action.run(request.body());
            return reply == null ? null : new Response.Ok(request.id(), reply);
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

    /** {@link DaemonControl#tryApply} when {@code now}, else {@link DaemonControl#apply}. */
    private NetworkState apply(final UnaryOperator<NetworkState> change, final boolean now) throws CommandException {
        return now ? control.tryApply(change) : control.apply(change);
    }

    private Replies.LinkAdded linkAdd(final Requests.LinkAdd r, final boolean now) throws CommandException {
        final LinkSpec spec = new LinkSpec(r.name(), Transport.parse(r.transport()), LinkSpec.parseAddress(r.peer()),
            r.accepts(), false, key(r));
        final NetworkState after = apply(s -> s.withLink(spec), now);
        return after == null ? null : new Replies.LinkAdded(info(after.links().getOrDefault(spec.name(), spec)));
    }

    /** The key of a link.add: null for security trusted (or none and no key); aead needs one. */
    private static LinkKey key(final Requests.LinkAdd r) {
        final String security = r.security();
        if (security != null && !LinkSpec.AEAD.equals(security) && !LinkSpec.TRUSTED.equals(security)) {
            throw new IllegalArgumentException("security must be aead or trusted");
        }
        if (LinkSpec.TRUSTED.equals(security)) {
            if (r.key() != null) {
                throw new IllegalArgumentException("security trusted takes no key");
            }
            return null;
        }
        if (LinkSpec.AEAD.equals(security) && r.key() == null) {
            throw new IllegalArgumentException("security aead needs a key (base64 of 32 bytes)");
        }
        return r.key() == null ? null : LinkKey.parse(r.key());
    }

    private Replies.LinkAdded linkKey(final Requests.LinkKey r, final boolean now) throws CommandException {
        final LinkKey key = LinkKey.parse(r.key());
        final NetworkState after = apply(s -> s.withLinkKey(r.name(), key), now);
        return after == null ? null : new Replies.LinkAdded(info(after.links().get(r.name())));
    }

    private Replies.PortDeleted linkDel(final Requests.Name r, final boolean now) throws CommandException {
        final String name = r.name();
        return apply(s -> s.withoutLink(name), now) == null ? null : new Replies.PortDeleted("link:" + name);
    }

    private Replies.RuleAdded ruleAdd(final Requests.RuleAdd r, final boolean now) throws CommandException {
        final RuleSpec rule = new RuleSpec(0, MacMatch.parse(r.srcOrAny()), MacMatch.parse(r.dstOrAny()),
            PortRef.parse(r.fromOrAny()), PortRef.parse(r.to()));
        final NetworkState after = apply(s -> s.withRule(rule), now);
        if (after == null) {
            return null;
        }
        RuleSpec added = rule;
        final List<RuleSpec> rules = after.rules();
        for (int i = rules.size() - 1; i >= 0; i--) {
            if (rules.get(i).sameAs(rule)) {
                added = rules.get(i);
                break;
            }
        }
        return new Replies.RuleAdded(info(added));
    }

    private Replies.RuleDeleted ruleDel(final Requests.RuleDel r, final boolean now) throws CommandException {
        final int id = r.rule();
        return apply(s -> s.withoutRule(id), now) == null ? null : new Replies.RuleDeleted(id);
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
        return new Replies.LinkInfo(l.name(), l.transport().label(), LinkSpec.formatAddress(l.peer()), l.accept(),
            l.adapted(), l.security());
    }

    static Replies.RuleInfo info(final RuleSpec r) {
        return new Replies.RuleInfo(r.id(), r.src().toString(), r.dst().toString(), r.from().toString(),
            r.to().toString(), r.adapted());
    }
}
