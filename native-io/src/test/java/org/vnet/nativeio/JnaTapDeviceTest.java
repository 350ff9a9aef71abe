package org.vnet.nativeio;

/**
 * The TAP suite over the pure-JNA fallback (libc only).
 */
class JnaTapDeviceTest extends AbstractTapDeviceTest
{
    @Override
    TapIo io()
    {
        return JnaTapIo.instance();
    }
}
