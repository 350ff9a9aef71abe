package org.vnet.daemon.state;

import java.net.InetSocketAddress;
import java.util.List;

import org.vnet.daemon.model.InterfaceSpec;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.MacMatch;
import org.vnet.daemon.model.NetworkState;
import org.vnet.daemon.model.PortRef;
import org.vnet.daemon.model.RuleSpec;
import org.vnet.daemon.model.Transport;

/**
 * A deterministic stream of changes of every kind for the journal tests: change {@code k} (from 1)
 * adds or removes a rule, a link or an interface, depending on {@code k % 8} and on the state, which
 * stays small (at most 32 rules, two links, two extra interfaces). {@link #at} is the state after
 * change {@code k}, so a test can tell which prefix of the stream a recovered state holds.
 */
final class ChangeStream {
    /** The state before change 1. */
    static final NetworkState START = NetworkState.EMPTY.withInterface(new InterfaceSpec("tap0", null, 0));
    private static final int MOST_RULES = 32;

    private ChangeStream() {
    }

    /** {@code s} (the state after change {@code k - 1}) with change {@code k} made. */
    static NetworkState next(final NetworkState s, final long k) {
        return switch ((int) (k % 8)) {
            case 0 -> s.rules().isEmpty() ? addRule(s, k) : s.withoutRule(s.rules().get(0).id());
            case 2 -> s.withLink(new LinkSpec("l" + k, k % 16 == 2 ? Transport.UDP : Transport.TCP,
                new InetSocketAddress(address(k), 1 + (int) (k % 60_000)), k % 32 == 10));
            case 4 -> s.withInterface(new InterfaceSpec("i" + k, k % 16 == 4 ? "ns" + k : null, (int) (1280 + k % 200)));
            case 6 -> s.withoutLink("l" + (k - 4));
            case 7 -> s.withoutInterface("i" + (k - 3));
            default -> s.rules().size() >= MOST_RULES ? s.withoutRule(s.rules().get(0).id()) : addRule(s, k);
        };
    }

    private static NetworkState addRule(final NetworkState s, final long k) {
        final MacMatch dst = switch ((int) (k % 3)) {
            case 0 -> MacMatch.ANY;
            case 1 -> new MacMatch(MacMatch.Kind.NOT, 0x020000000000L + k);
            default -> new MacMatch(MacMatch.Kind.EXACT, 0x020000000000L + k);
        };
        return s.withRule(new RuleSpec(0, new MacMatch(MacMatch.Kind.EXACT, 0x020000000000L + k), dst,
            PortRef.ANY, PortRef.iface("tap0")));
    }

    private static String address(final long k) {
        return "10." + ((k >> 16) & 255) + "." + ((k >> 8) & 255) + "." + (k & 255);
    }

    /** The state after changes 1..k. */
    static NetworkState at(final long k) {
        NetworkState s = START;
        for (long i = 1; i <= k; i++) {
            s = next(s, i);
        }
        return s;
    }

    /** Whether two states have the same interfaces, links and rules in the same order, and next rule id. */
    static boolean same(final NetworkState a, final NetworkState b) {
        return a.interfaces().equals(b.interfaces())
            && List.copyOf(a.interfaces().keySet()).equals(List.copyOf(b.interfaces().keySet()))
            && List.copyOf(a.links().values()).equals(List.copyOf(b.links().values()))
            && a.rules().equals(b.rules())
            && a.nextRuleId() == b.nextRuleId();
    }

    /** A description of a state for failure messages. */
    static String describe(final NetworkState s) {
        return "interfaces " + s.interfaces().keySet() + ", links " + s.links().keySet() + ", rules "
            + s.rules().stream().map(RuleSpec::id).toList() + ", next rule id " + s.nextRuleId();
    }
}
