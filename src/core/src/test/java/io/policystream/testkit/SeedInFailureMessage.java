package io.policystream.testkit;

import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Puts the {@link Sample#describe() seed} of a {@link SeededProperty} case in front of the message of
 * whatever the case throws, an assertion or an exception from the code under test, because
 * surefire's report shows the message but not the display name. Expected and actual values of an
 * assertion are kept for IDEs' diffs; the original is the cause.
 */
public final class SeedInFailureMessage implements InvocationInterceptor {

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                            ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext extensionContext) throws Throwable {
        try {
            invocation.proceed();
        } catch (TestAbortedException aborted) {
            throw aborted;
        } catch (Throwable t) {
            Sample<?> sample = invocationContext.getArguments().stream().filter(Sample.class::isInstance)
                    .map(Sample.class::cast).findFirst().orElse(null);
            if (sample == null) {
                throw t;
            }
            throw withPrefix(sample.describe() + ": ", t);
        }
    }

    private static AssertionError withPrefix(String prefix, Throwable t) {
        String message = prefix + (t instanceof AssertionError ? "" : t.getClass().getName() + ": ") + t.getMessage();
        AssertionError e = t instanceof AssertionFailedError failed && failed.isExpectedDefined()
                ? new AssertionFailedError(message, failed.getExpected().getEphemeralValue(),
                        failed.getActual().getEphemeralValue(), t)
                : new AssertionError(message, t);
        e.setStackTrace(t.getStackTrace());
        return e;
    }
}
