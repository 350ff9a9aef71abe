package org.vnet.nativeio;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ErrnoTest
{
    @Test
    void shouldNameErrnoGivenAsPositiveOrNegative()
    {
        assertEquals("EPERM", Errno.name(1));
        assertEquals("EAGAIN", Errno.name(-Errno.EAGAIN));
        assertEquals("EPERM (Operation not permitted)", Errno.describe(-1));
    }

    @Test
    void shouldFallBackToNumberForUnknownErrno()
    {
        assertEquals("errno 500", Errno.name(500));
        assertEquals("errno 131", Errno.describe(131));
    }
}
