package org.vnet.inference.engine;

import org.vnet.inference.packet.IpAddress;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The endpoint list of a result: frame and byte counters and addresses per endpoint, provisional endpoints folded
 * into the MAC they resolved to.
 */
final class EndpointReport
{
    private EndpointReport()
    {
    }

    /**
     * @param endpoints every endpoint the engine saw.
     * @param folds     provisional key to the MAC it resolved to.
     * @return one entry per endpoint after folding, by key.
     */
    static List<AnalysisResult.Endpoint> of(final Collection<EndpointState> endpoints, final Map<Long, Long> folds)
    {
        final Map<Long, long[]> counters = new TreeMap<>();
        final Map<Long, Set<String>> ips = new TreeMap<>();
        for (final EndpointState s : endpoints)
        {
            final long key = folds.getOrDefault(s.key, s.key);
            final long[] c = counters.computeIfAbsent(key, k -> new long[4]);
            c[0] += s.framesSent;
            c[1] += s.bytesSent;
            c[2] += s.framesReceived;
            c[3] += s.bytesReceived;
            final Set<String> set = ips.computeIfAbsent(key, k -> new TreeSet<>());
            for (int i = 0; i < s.ipCount; i++)
            {
                set.add(IpAddress.format(s.ipHigh[i], s.ipLow[i]));
            }
        }
        final List<AnalysisResult.Endpoint> list = new ArrayList<>();
        for (final Map.Entry<Long, long[]> e : counters.entrySet())
        {
            final long[] c = e.getValue();
            list.add(new AnalysisResult.Endpoint(e.getKey(), (e.getKey() & InferenceEngine.PROVISIONAL_BIT) != 0,
                List.copyOf(ips.get(e.getKey())), c[0], c[1], c[2], c[3]));
        }
        return List.copyOf(list);
    }
}
