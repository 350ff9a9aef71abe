package org.vnet.protocol;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every command of the control socket, in the order the help lists them: its name on the wire,
 * the record its request maps to, whether it changes the daemon's state, and a line of help.
 */
public enum Command {
    STATUS("status", Requests.None.class, false, "Identity and health of the daemon."),
    STATS("stats", Requests.None.class, false, "Counters of every interface, link and rule, and of the daemon."),
    IF_LIST("if.list", Requests.None.class, false, "List interfaces."),
    IF_ADD("if.add", Requests.IfAdd.class, true, "Add an interface (opens its TAP device)."),
    IF_DEL("if.del", Requests.Name.class, true, "Delete an interface (no rule may use it)."),
    LINK_LIST("link.list", Requests.None.class, false, "List links."),
    LINK_ADD("link.add", Requests.LinkAdd.class, true, "Add a link to a peer daemon."),
    LINK_DEL("link.del", Requests.Name.class, true, "Delete a link (no rule may use it)."),
    LINK_KEY("link.key", Requests.LinkKey.class, true, "Give a sealed (security aead) UDP link a new pre-shared key without dropping it."),
    RULE_LIST("rule.list", Requests.None.class, false, "List rules."),
    RULE_ADD("rule.add", Requests.RuleAdd.class, true, "Add a rule: frames matching src, dst and from leave on to."),
    RULE_DEL("rule.del", Requests.RuleDel.class, true, "Delete a rule by its id."),
    ANALYSIS("analysis", Requests.None.class, false, "The live inference over the traffic this daemon switched."),
    TOPOLOGY("topology", Requests.Resolution.class, false, "The application topology of the global view."),
    MATRIX("matrix", Requests.Resolution.class, false, "The traffic matrix of the global view."),
    RIR("rir", Requests.None.class, false, "Round-trip iteration rate per VM."),
    BIC("bic", Requests.None.class, false, "Ball-in-the-court delays per VM and the slowdown estimate."),
    NETWORK("network", Requests.None.class, false, "Passive RTT and bandwidth per VM pair, and the time decomposition."),
    ADAPT_STATUS("adapt.status", Requests.None.class, false, "Adaptation: fast-path links held, decisions and their reasons."),
    ADAPT_SET("adapt.set", Requests.AdaptSet.class, false, "Adaptation: turn the leader's loop on or off."),
    ADAPT_ONCE("adapt.once", Requests.None.class, false, "Adaptation: run one decision round now."),
    PLAN("plan", Requests.Plan.class, false, "Mapping optimiser: where the VMs should run for the inferred traffic, and the gain.");

    /** Every command name, comma-separated in table order, for error messages. */
    public static final String NAMES = Arrays.stream(values()).map(Command::wireName).collect(Collectors.joining(", "));

    private static final Map<String, Command> BY_NAME = new HashMap<>();

    static {
        for (final Command c : values()) {
            BY_NAME.put(c.wireName, c);
        }
    }

    private final String wireName;
    private final Class<? extends Record> requestType;
    private final boolean changesState;
    private final String help;
    private final List<Field> fields;
    private final Map<String, Field> fieldsByName;
    private final String fieldList;

    Command(final String wireName, final Class<? extends Record> requestType, final boolean changesState, final String help) {
        this.wireName = wireName;
        this.requestType = requestType;
        this.changesState = changesState;
        this.help = help;
        final List<Field> f = new ArrayList<>();
        for (final RecordComponent rc : requestType.getRecordComponents()) {
            final Required required = rc.getAnnotation(Required.class);
            f.add(new Field(rc.getName(), rc.getType(), required == null ? null : required.value()));
        }
        this.fields = Collections.unmodifiableList(f);
        final Map<String, Field> byName = new HashMap<>();
        f.forEach(x -> byName.put(x.name(), x));
        this.fieldsByName = Map.copyOf(byName);
        this.fieldList = f.isEmpty() ? "it takes none"
            : "fields: " + f.stream().map(Field::name).sorted().collect(Collectors.joining(", "));
    }

    /**
     * One field of a request.
     *
     * @param name     its name on the wire
     * @param type     String, Integer or Boolean
     * @param required what it holds when it is required, null when it is optional
     */
    public record Field(String name, Class<?> type, String required) {
    }

    /** The command's name on the wire ({@code rule.add}). */
    public String wireName() {
        return wireName;
    }

    /** The record its request fields map to. */
    public Class<? extends Record> requestType() {
        return requestType;
    }

    /** Whether it changes interfaces, links or rules. */
    public boolean changesState() {
        return changesState;
    }

    /** One line of help. */
    public String help() {
        return help;
    }

    /** The request's fields, besides {@code cmd} and {@code id}. */
    public List<Field> fields() {
        return fields;
    }

    /** The field named {@code name}, or null. */
    public Field field(final String name) {
        return fieldsByName.get(name);
    }

    /** "fields: a, b" or "it takes none", for error messages. */
    public String fieldList() {
        return fieldList;
    }

    /** The command named {@code name} on the wire, or null. */
    public static Command byName(final String name) {
        return BY_NAME.get(name);
    }

    /** Whether {@code request} is an instance of this command's request record. */
    public boolean takes(final Object request) {
        return requestType.isInstance(request);
    }
}
