package org.vnet.tools.ctl;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.vnet.inference.capture.PcapngExport;
import org.vnet.journal.JournalSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vnetctl journal export DIR --out FILE.pcapng}: a daemon's packet-event journal as a pcapng
 * file for Wireshark, without a daemon. The journal holds header fields, not frames, so each packet
 * is synthesised from its record (Ethernet, IP, TCP/UDP/ICMP headers, no payload bytes; see
 * {@link PcapngExport}).
 */
@Command(name = "journal", mixinStandardHelpOptions = true,
    description = "Work on a packet-event journal directory (the daemon's journal: key). Needs no daemon.",
    subcommands = JournalCommand.Export.class)
final class JournalCommand implements Callable<Integer> {
    /** The journal cannot be read or the output cannot be written. */
    static final int EXIT_FAILED = 1;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Vnetctl.EXIT_USAGE;
    }

    /** {@code journal export}. */
    @Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write the journal as pcapng for Wireshark/tshark. Frames are not journaled: each packet is "
            + "synthesised from its record (Ethernet, IP, TCP/UDP/ICMP headers with the recorded addresses, ports, "
            + "seq/ack, flags; no payload), its original length is the frame's, one interface per observer port.",
            "Exit codes: 0 written, 1 the journal cannot be read or FILE cannot be written, 64 bad option."})
    static final class Export implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "journal directory")
        private Path dir;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "pcapng file to write")
        private Path out;

        @Override
        public Integer call() {
            final PrintWriter err = spec.commandLine().getErr();
            if (!JournalSource.isJournal(dir)) {
                err.println("vnetctl journal export: " + (Files.isDirectory(dir) ? "no journal in " + dir
                    : "no such journal directory: " + dir));
                return EXIT_FAILED;
            }
            try (JournalSource source = JournalSource.open(dir, false);
                 OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
                final long packets = PcapngExport.export(source, os);
                os.flush();
                spec.commandLine().getOut().println("wrote " + packets + " packets to " + out
                    + " (headers synthesised from the journal's records)");
                return Vnetctl.EXIT_OK;
            } catch (final IOException | UncheckedIOException e) {
                err.println("vnetctl journal export: " + out + ": " + e.getMessage());
                return EXIT_FAILED;
            } catch (final RuntimeException e) {
                err.println("vnetctl journal export: " + dir + ": cannot read the journal: " + e);
                return EXIT_FAILED;
            }
        }
    }
}
