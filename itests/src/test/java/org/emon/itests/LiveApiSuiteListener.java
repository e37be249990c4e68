package org.emon.itests;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Stops the distribution that the LiveApi*Test classes share as soon as the last of them is done,
 * so that it does not run on beside the Pax Exam tests of the same Surefire run. Registered in
 * META-INF/services; {@link LiveApiServer}'s shutdown hook is the fallback.
 */
public class LiveApiSuiteListener implements TestExecutionListener {

    private static final String PREFIX = LiveApiSuiteListener.class.getPackageName() + ".LiveApi";
    private final Set<String> open = ConcurrentHashMap.newKeySet();

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(root)) {
                if (id.isContainer() && id.getSource().filter(s -> s instanceof ClassSource c && c.getClassName().startsWith(PREFIX)).isPresent()) {
                    open.add(id.getUniqueId());
                }
            }
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        done(id);
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        done(id);
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        LiveApiServer.stopIfRunning();
    }

    private void done(TestIdentifier id) {
        if (open.remove(id.getUniqueId()) && open.isEmpty()) {
            LiveApiServer.stopIfRunning();
        }
    }
}
