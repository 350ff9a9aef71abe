package org.vnet.daemon.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.vnet.daemon.model.InterfaceSpec;
import org.vnet.daemon.model.NetworkState;
import org.vnet.daemon.model.PortSecurity;
import org.vnet.inference.packet.Mac;

/** An interface's port security survives the state file and the change journal. */
class PortSecurityStateTest {
    private static final PortSecurity SECURITY = new PortSecurity(PortSecurity.Pin.FIXED, Mac.parse("52:54:00:00:00:07"),
        16, new PortSecurity.Limit(1000, 100), new PortSecurity.Limit(2000, 1), new PortSecurity.Limit(3, 4));
    private static final InterfaceSpec SECURED = new InterfaceSpec("tap0", "vm1", 1400, SECURITY);

    private final DeltaCodec codec = new DeltaCodec();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);

    @Test
    void shouldRoundTripPortSecurityThroughJson() {
        assertEquals(SECURED, ModelJson.interfaceFrom(ModelJson.toJson(SECURED)));
        final InterfaceSpec first = new InterfaceSpec("tap1", null, 0, PortSecurity.NONE.withPin("first"));
        assertEquals(first, ModelJson.interfaceFrom(ModelJson.toJson(first)));
        final InterfaceSpec plain = new InterfaceSpec("tap2", null, 0);
        assertEquals(plain, ModelJson.interfaceFrom(ModelJson.toJson(plain)));
        assertEquals(3, ModelJson.toJson(plain).size(), "no port security keys when there is none");
    }

    @Test
    void shouldRoundTripPortSecurityThroughTheJournalAsVersion2() {
        final StateDelta delta = StateDelta.between(NetworkState.EMPTY,
            NetworkState.EMPTY.withInterface(SECURED).withInterface(new InterfaceSpec("tap1", null, 0)));
        final int length = codec.encode(buffer, 7, delta);

        assertEquals(DeltaCodec.MAGIC_V2, buffer.getInt(DeltaCodec.MAGIC_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN));
        assertEquals(delta, codec.decode(buffer, length));
    }

    @Test
    void shouldWriteVersion1WithoutPortSecurity() {
        final StateDelta delta = StateDelta.between(NetworkState.EMPTY,
            NetworkState.EMPTY.withInterface(new InterfaceSpec("tap1", null, 0)));
        final int length = codec.encode(buffer, 7, delta);

        assertEquals(DeltaCodec.MAGIC, buffer.getInt(DeltaCodec.MAGIC_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN));
        assertEquals(delta, codec.decode(buffer, length));
    }
}
