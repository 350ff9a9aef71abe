package org.vnet.nativeio.bpf;

import com.sun.jna.Callback;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes libbpf's messages (which it would print to stderr) to SLF4J, logger
 * {@code org.vnet.nativeio.bpf.libbpf}: warnings as WARN, info as INFO, debug as DEBUG. The kernel's
 * netlink error text ({@code "Kernel error message: ..."}) is kept per thread for the caller's
 * exception instead, and logged at DEBUG. Called only during set-up (open, load, tc), never per packet.
 */
final class LibbpfLog
{
    static final int LIBBPF_WARN = 0;
    static final int LIBBPF_INFO = 1;
    private static final String LIBBPF_PREFIX = "libbpf: ";
    private static final String KERNEL_ERROR_PREFIX = "Kernel error message: ";
    private static final int MESSAGE_LENGTH = 4096;
    private static final Logger LOGGER = LoggerFactory.getLogger("org.vnet.nativeio.bpf.libbpf");
    private static final ThreadLocal<String> LAST_KERNEL_ERROR = new ThreadLocal<>();

    /** {@code libbpf_print_fn_t}: {@code int (*)(enum libbpf_print_level, const char *, va_list)}. */
    interface PrintFn extends Callback
    {
        int invoke(int level, Pointer format, Pointer args);
    }

    /** Held here for the life of the class loader so that the native callback stays valid. */
    static final PrintFn PRINT = LibbpfLog::print;

    private LibbpfLog()
    {
    }

    /**
     * The kernel's last netlink error text seen by libbpf on this thread, cleared by the call.
     *
     * @return the text, or null when there was none.
     */
    static String takeKernelError()
    {
        final String message = LAST_KERNEL_ERROR.get();
        LAST_KERNEL_ERROR.remove();
        return message;
    }

    private static int print(final int level, final Pointer format, final Pointer args)
    {
        try (Memory buffer = new Memory(MESSAGE_LENGTH))
        {
            final int length = LibC.vsnprintf(Pointer.nativeValue(buffer), MESSAGE_LENGTH, Pointer.nativeValue(format),
                Pointer.nativeValue(args));
            if (length < 0)
            {
                return 0;
            }
            final String text = buffer.getString(0).stripTrailing();
            final String message = text.startsWith(LIBBPF_PREFIX) ? text.substring(LIBBPF_PREFIX.length()) : text;
            if (message.startsWith(KERNEL_ERROR_PREFIX))
            {
                LAST_KERNEL_ERROR.set(message.substring(KERNEL_ERROR_PREFIX.length()));
                LOGGER.debug("{}", message);
            }
            else if (LIBBPF_WARN == level)
            {
                LOGGER.warn("{}", message);
            }
            else if (LIBBPF_INFO == level)
            {
                LOGGER.info("{}", message);
            }
            else
            {
                LOGGER.debug("{}", message);
            }
            return length;
        }
        catch (final RuntimeException ex)
        {
            return 0;
        }
    }
}
