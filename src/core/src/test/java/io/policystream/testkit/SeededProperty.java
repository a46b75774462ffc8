package io.policystream.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * A property test: a {@link ParameterizedTest} over {@link Sample}s (from a {@code @MethodSource}
 * that calls {@link Seeds#samples}), named by each sample, whose failures start with the sample's
 * seed and how to replay it (see {@link SeedInFailureMessage}).
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ParameterizedTest(name = "{0}")
@ExtendWith(SeedInFailureMessage.class)
public @interface SeededProperty {
}
