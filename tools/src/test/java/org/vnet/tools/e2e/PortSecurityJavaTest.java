package org.vnet.tools.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.vnet.testing.Privileged;

/** {@link PortSecuritySuite} on the Java data path. */
@Privileged
@Tag("e2e")
@Timeout(120)
class PortSecurityJavaTest extends PortSecuritySuite {
    @Override
    String datapath() {
        return "java";
    }
}
