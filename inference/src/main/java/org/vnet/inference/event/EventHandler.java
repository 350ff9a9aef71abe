package org.vnet.inference.event;

/**
 * Callback receiving one event; the flyweight is only valid for the duration of the call.
 */
@FunctionalInterface
public interface EventHandler
{
    /**
     * Handle one event.
     *
     * @param record flyweight over the event, reused by the source after this call returns.
     */
    void onEvent(EventRecord record);
}
