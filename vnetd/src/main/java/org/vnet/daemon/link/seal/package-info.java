/**
 * The keyed record layer of {@code security: aead} UDP links: every datagram sealed with AES-256-GCM
 * under traffic keys derived (HKDF-SHA256) from the link's pre-shared key, the direction and the
 * sender's session, with a replay window and key epochs. No handshake: both ends hold the key.
 */
package org.vnet.daemon.link.seal;
