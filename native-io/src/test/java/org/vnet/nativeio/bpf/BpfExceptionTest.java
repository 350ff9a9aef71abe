package org.vnet.nativeio.bpf;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BpfExceptionTest
{
    @Test
    void shouldDescribeErrnoWithNameAndStrerror()
    {
        assertEquals("EPERM (Operation not permitted)", BpfException.describe(-1));
        assertEquals("E2BIG (Argument list too long)", BpfException.describe(7));
    }

    @Test
    void shouldKeepErrnoAndAppendVerifierLog()
    {
        final BpfException ex = new BpfException("cannot load x", -13, "0: R1=ctx()\ninvalid mem access");

        assertEquals(13, ex.errno());
        assertEquals("cannot load x: EACCES (Permission denied)\nverifier log (tail):\n0: R1=ctx()\ninvalid mem access",
            ex.getMessage());
        assertEquals("no errno", new BpfException("no errno").getMessage());
        assertEquals(0, new BpfException("no errno").errno());
    }

    @Test
    void shouldKeepLastNonBlankLinesOfLog()
    {
        final StringBuilder log = new StringBuilder();
        for (int i = 1; i <= 30; i++)
        {
            log.append("line ").append(i).append('\n').append(i % 3 == 0 ? "\n" : "");
        }
        final String tail = BpfObject.tail(log.toString(), 10);

        assertTrue(tail.startsWith("line 21\n") && tail.endsWith("line 30"), tail);
        assertEquals(10, tail.split("\n").length);
        assertEquals("", BpfObject.tail("", 10));
    }

    @Test
    void shouldNameObjectAfterResourceFile()
    {
        assertEquals("tap_tx", BpfObject.objectName("/bpf/tap_tx.o"));
        assertEquals("x", BpfObject.objectName("x"));
    }
}
