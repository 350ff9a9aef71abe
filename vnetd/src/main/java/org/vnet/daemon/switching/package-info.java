/**
 * The switch: forwarding rules compiled to port ids, MAC learning with ageing, and the
 * run-to-completion decision of where each frame goes (rules, learned unicast, loop-free flood).
 */
package org.vnet.daemon.switching;
