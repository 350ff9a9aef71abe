package org.vnet.protocol;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** The reply records: each command's fields of a successful response (see docs/control-protocol.md). */
public final class Replies {
    private Replies() {
    }

    /**
     * An interface as the protocol and the state file show it.
     *
     * @param name  TAP device name
     * @param netns network namespace, or null
     * @param mtu   MTU, 0 for the default
     */
    public record InterfaceInfo(String name, String netns, int mtu) {
    }

    /**
     * A link.
     *
     * @param name      link name
     * @param transport udp, tcp or tls
     * @param peer      IP:port or [IPv6]:port
     * @param accept    whether it waits for the peer to dial
     * @param adapted   made by the adaptation agent (a fast-path link), not by an operator
     * @param security  aead (every datagram sealed with the link's key, never shown) or trusted (plain)
     */
    public record LinkInfo(String name, String transport, String peer, boolean accept, boolean adapted,
                           String security) {
    }

    /**
     * A rule.
     *
     * @param id   the id the daemon gave it
     * @param src  any, a MAC, or not-MAC
     * @param dst  any, a MAC, or not-MAC
     * @param from any, if:NAME or link:NAME
     * @param to   if:NAME or link:NAME
     * @param adapted made by the adaptation agent, not by an operator
     */
    public record RuleInfo(int id, String src, String dst, String from, String to, boolean adapted) {
    }

    /** {@code status}. */
    public record Status(DaemonStatus status) {
    }

    /** {@code stats}. */
    public record Stats(StatsSnapshot stats) {
    }

    /** {@code if.list}. */
    public record Interfaces(List<InterfaceInfo> interfaces) {
    }

    /** {@code if.add}. */
    public record InterfaceAdded(@JsonProperty("interface") InterfaceInfo iface) {
    }

    /** {@code link.list}. */
    public record Links(List<LinkInfo> links) {
    }

    /** {@code link.add}. */
    public record LinkAdded(LinkInfo link) {
    }

    /** {@code rule.list}. */
    public record Rules(List<RuleInfo> rules) {
    }

    /** {@code rule.add}. */
    public record RuleAdded(RuleInfo rule) {
    }

    /** {@code if.del}, {@code link.del}: {@code "if:NAME"} or {@code "link:NAME"}. */
    public record PortDeleted(String deleted) {
    }

    /** {@code rule.del}: the rule's id. */
    public record RuleDeleted(int deleted) {
    }

    /**
     * An application topology.
     *
     * @param className    ring, mesh, star... ({@code class} on the wire)
     * @param dims         dimensions, for grids and tori
     * @param nodes        how many VMs
     * @param edges        pairs of MACs
     * @param alternatives other classes that fit
     * @param note         a remark, or empty
     */
    public record TopologyInfo(@JsonProperty("class") String className, List<Integer> dims, int nodes,
                               List<List<String>> edges, List<String> alternatives, String note) {
    }

    /** One entry of a traffic matrix. */
    public record MatrixEntry(String src, String dst, long bytes, long frames) {
    }

    /** {@code topology}; {@code resolutionSeconds} only when a resolution was asked for. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Topology(TopologyInfo topology, List<String> observers, Integer resolutionSeconds) {
    }

    /** {@code matrix}; {@code resolutionSeconds} only when a resolution was asked for. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Matrix(List<MatrixEntry> matrix, List<String> observers, Integer resolutionSeconds) {
    }

    /** {@code analysis}: the document of {@code vnetctl analyze} and its readable report. */
    public record Analysis(JsonNode analysis, String text) {
    }

    /** {@code rir}. */
    public record Rir(JsonNode rir) {
    }

    /** {@code bic}. */
    public record Bic(JsonNode bic, JsonNode bicSummary) {
    }

    /** {@code network}. */
    public record Network(JsonNode network, JsonNode timeDecomposition) {
    }

    /**
     * A fast-path link adaptation holds.
     *
     * @param a              one host
     * @param b              the other
     * @param bytesPerSecond the pair's traffic at the last round
     * @param sinceMillis    when it was added (wall clock)
     * @param confirmed      both followers report having it
     */
    public record AdaptLink(String a, String b, double bytesPerSecond, long sinceMillis, boolean confirmed) {
    }

    /**
     * One decision of the adaptation leader.
     *
     * @param atMillis       when (wall clock)
     * @param action         add, remove, failed or adopt
     * @param a              one host
     * @param b              the other
     * @param bytesPerSecond the pair's traffic then
     * @param reason         why
     */
    public record AdaptDecision(long atMillis, String action, String a, String b, double bytesPerSecond, String reason) {
    }

    /**
     * A follower as its leader last heard it.
     *
     * @param name          its daemon name
     * @param link          the leader's link to it
     * @param epoch         the last directive it applied
     * @param links         its adapted links
     * @param error         its last error, or null
     * @param heardMillisAgo how long since its last report
     */
    public record AdaptFollower(String name, String link, long epoch, List<String> links, String error, long heardMillisAgo) {
    }

    /**
     * {@code adapt.status}, {@code adapt.set}, {@code adapt.once}.
     *
     * @param role      leader or follower
     * @param enabled   a leader's loop is on
     * @param leader    a follower's leader link (null on the leader)
     * @param rounds    decision rounds run
     * @param epoch     the last directive epoch sent (leader) or applied (follower)
     * @param links     the fast-path links held (leader) or present (follower)
     * @param decisions the latest decisions, oldest first (leader)
     * @param followers the followers (leader)
     * @param error     the last error, or null
     * @param settings  the thresholds, budget and times in force
     */
    public record Adapt(String role, boolean enabled, String leader, long rounds, long epoch, List<AdaptLink> links,
                        List<AdaptDecision> decisions, List<AdaptFollower> followers, String error,
                        Map<String, Object> settings) {
    }

    /**
     * A plan's score: the objective (see docs/optimiser.md).
     *
     * @param bandwidth         sum over VM pairs of the residual bottleneck bandwidth of their paths, bytes/s
     * @param meanLatencyMicros demand-weighted mean path latency
     * @param value             the single number plans are ranked by
     */
    public record PlanScore(double bandwidth, double meanLatencyMicros, double value) {
    }

    /**
     * A VM pair's route in a plan.
     *
     * @param src               source VM
     * @param dst               destination VM
     * @param bytesPerSecond    its traffic
     * @param path              hosts it crosses
     * @param residualBandwidth the bottleneck's residual bandwidth, bytes/s
     */
    public record PlanRoute(String src, String dst, double bytesPerSecond, List<String> path, double residualBandwidth) {
    }

    /**
     * {@code plan}.
     *
     * @param algorithm    the optimiser used
     * @param millis       how long it took
     * @param current      VM to host now
     * @param proposed     VM to host proposed
     * @param moves        the VMs that would move, as {@code VM: FROM -> TO}
     * @param overlayLinks host pairs that would carry traffic, with their rate
     * @param routes       every VM pair's route
     * @param currentScore the score of the current mapping (null when some VM's host is unknown)
     * @param score        the proposed plan's score
     * @param gain         {@code score.value - currentScore.value} (null without a current score)
     * @param inputs       what the problem was built from (hosts, capacities, measured pairs, defaults)
     */
    public record Plan(String algorithm, double millis, Map<String, String> current, Map<String, String> proposed,
                       List<String> moves, List<AdaptLink> overlayLinks, List<PlanRoute> routes, PlanScore currentScore,
                       PlanScore score, Double gain, Map<String, Object> inputs) {
    }
}
