package org.vnet.tools.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

/** The fault tests over UDP links with established flows on the kernel data path (eBPF and VXLAN). */
class KernelFaultTest extends FaultSuite {
    @Override
    String transport() {
        return "udp";
    }

    @Override
    List<String> testbedOptions() {
        return List.of("--datapath", "auto");
    }

    @Override
    void afterUp() {
        final String path = control(1, "status").path("status").path("interfaceDataPaths").path("eth0").asText();
        assumeTrue("kernel".equals(path), "no kernel data path here: " + path);
    }
}
