package org.vnet.inference.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens a capture file as a {@link CaptureSource}, choosing the pcap or pcapng reader from its first bytes.
 */
public final class CaptureFiles
{
    private CaptureFiles()
    {
    }

    /**
     * Open a pcap or pcapng file.
     *
     * @param path of the capture.
     * @return a streaming source; close it when done.
     * @throws CaptureFormatException if the file is empty, not a capture, or has an unsupported link type.
     * @throws UncheckedIOException   if it cannot be opened.
     */
    public static CaptureSource open(final Path path)
    {
        final FileChannel channel;
        try
        {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        }
        catch (final NoSuchFileException ex)
        {
            throw new UncheckedIOException("no such capture file: " + path, ex);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open capture " + path + ": " + ex.getMessage(), ex);
        }
        final CaptureInput input = new CaptureInput(channel);
        if (!input.ensure(4))
        {
            final int got = input.available();
            input.close();
            throw new CaptureFormatException(got == 0 ? "empty capture file " + path :
                "truncated capture file " + path + " (" + got + " bytes)", 0, 0);
        }
        final int magic = input.buffer().getInt(input.index(), ByteOrder.LITTLE_ENDIAN);
        if (magic == PcapngReader.SECTION_HEADER)
        {
            return new PcapngReader(input);
        }
        return new PcapReader(input);
    }

    /**
     * Size of a file for progress reporting.
     *
     * @param path of the capture.
     * @return its size in bytes, or -1 if unknown.
     */
    public static long size(final Path path)
    {
        try
        {
            return Files.size(path);
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }
}
