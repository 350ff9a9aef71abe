package org.vnet.nativeio.bpf;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.vnet.testing.Privileged;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A test that needs BPF and a fresh pin folder of its own, removed after each test even when it fails. */
@Privileged
abstract class PinnedBpfTest
{
    /** This test's pin folder on a bpffs. */
    Path pinRoot;

    @BeforeEach
    void requireBpf() throws BpfException
    {
        assumeTrue(BpfSupport.isAvailable(), BpfSupport.unavailabilityCause());
        pinRoot = BpfTests.newPinRoot();
    }

    @AfterEach
    void removePins()
    {
        if (null != pinRoot)
        {
            BpfFs.removeTree(pinRoot);
        }
    }
}
