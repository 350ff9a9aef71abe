package org.vnet.inference.capture;

/**
 * A capture file is truncated, corrupt, empty or uses an unsupported link type; says where it broke.
 */
public final class CaptureFormatException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final long byteOffset;
    private final long recordNumber;

    /**
     * @param problem      what is wrong.
     * @param byteOffset   file offset of the record or block that broke (-1 when not applicable).
     * @param recordNumber 1-based number of the packet record or block that broke (0 for the file header).
     */
    public CaptureFormatException(final String problem, final long byteOffset, final long recordNumber)
    {
        super(problem + (byteOffset >= 0 ? " at byte offset " + byteOffset + " (record " + recordNumber + ")" : ""));
        this.byteOffset = byteOffset;
        this.recordNumber = recordNumber;
    }

    public long byteOffset()
    {
        return byteOffset;
    }

    public long recordNumber()
    {
        return recordNumber;
    }
}
