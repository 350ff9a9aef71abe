package org.vnet.protocol;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a request field that must be present; {@link #value()} describes it in the error. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Required {
    /** What the field holds, as said in "field 'x' is missing (...)". */
    String value() default "a string";
}
