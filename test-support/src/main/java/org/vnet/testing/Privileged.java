package org.vnet.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method that needs root: network namespaces, TAP devices, BPF, raw sockets or mounts.
 * It carries the tag {@value #TAG} (so a build can select or exclude such tests) and is disabled, with the reason
 * "needs root (CAP_NET_ADMIN)", when the effective user id is not 0; as root it runs as usual.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag(Privileged.TAG)
@ExtendWith(PrivilegedCondition.class)
public @interface Privileged {
    /** The JUnit tag of privileged tests. */
    String TAG = "privileged";
}
