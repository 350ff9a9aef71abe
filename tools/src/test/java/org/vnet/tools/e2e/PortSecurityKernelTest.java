package org.vnet.tools.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.vnet.testing.Privileged;

/** {@link PortSecuritySuite} on the kernel data path (skipped where eBPF cannot be used). */
@Privileged
@Tag("e2e")
@Timeout(120)
class PortSecurityKernelTest extends PortSecuritySuite {
    @Override
    String datapath() {
        return "auto";
    }
}
