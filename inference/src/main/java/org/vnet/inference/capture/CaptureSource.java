package org.vnet.inference.capture;

import org.vnet.inference.event.EventSource;

/**
 * An {@link EventSource} reading a capture file, with what a progress indicator needs.
 */
public interface CaptureSource extends EventSource
{
    /**
     * @return file offset of the next unread byte (compare with the file size for progress).
     */
    long bytesRead();

    /**
     * @return packets delivered so far.
     */
    long packetsRead();
}
