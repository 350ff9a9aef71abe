package org.vnet.forwarder;

/**
 * The TAP suite over libvnetfwd.so.
 */
class NativeTapDeviceTest extends AbstractTapDeviceTest
{
    @Override
    TapIo io()
    {
        return NativeTapIo.instance();
    }
}
