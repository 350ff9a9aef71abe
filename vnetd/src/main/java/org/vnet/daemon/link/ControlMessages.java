package org.vnet.daemon.link;

/** Takes the control messages peers send on links (SUMMARY, ADAPT, ADAPT_REPORT); called on the data-plane thread. */
@FunctionalInterface
public interface ControlMessages {
    /**
     * One message, never blocking the caller.
     *
     * @param link    the link it arrived on
     * @param type    its {@code FrameHeader} type
     * @param payload its payload (a copy the receiver may keep)
     */
    void onMessage(String link, int type, byte[] payload);
}
