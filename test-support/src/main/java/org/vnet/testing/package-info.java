/**
 * What the tests of every module share: {@link org.vnet.testing.Privileged} marks a test that needs root,
 * {@link org.vnet.testing.Await} waits for a condition with a deadline instead of sleeping.
 */
package org.vnet.testing;
