package org.emon.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.features.FeaturesService.Option;
import org.junit.jupiter.api.Test;

/** The setting drives Karaf's FeaturesService: feature ssh installed exactly when asked, never with a refresh. */
class RemoteConsoleTest {

    /** Karaf's FeaturesService as far as RemoteConsole uses it: one feature ssh, installed or not. */
    private static final class Features {
        final List<String> calls = new ArrayList<>();
        boolean installed;
        /** Thrown by the next install or uninstall, once. */
        Exception failure;

        FeaturesService service() {
            Feature ssh = (Feature) Proxy.newProxyInstance(Feature.class.getClassLoader(), new Class<?>[] { Feature.class },
                    (proxy, method, args) -> method.getName().equals("getName") ? "ssh" : null);
            return (FeaturesService) Proxy.newProxyInstance(FeaturesService.class.getClassLoader(), new Class<?>[] { FeaturesService.class },
                    (proxy, method, args) -> {
                        switch (method.getName()) {
                        case "getFeature":
                            return "ssh".equals(args[0]) ? ssh : null;
                        case "isInstalled":
                            return installed;
                        case "installFeature":
                        case "uninstallFeature":
                            calls.add(method.getName() + " " + args[0] + " " + args[1]);
                            if (failure != null) {
                                Exception once = failure;
                                failure = null;
                                throw once;
                            }
                            installed = method.getName().equals("installFeature");
                            return null;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                        }
                    });
        }
    }

    private static RemoteConsoleConfig ssh(boolean ssh) {
        return new RemoteConsoleConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return RemoteConsoleConfig.class;
            }

            @Override
            public boolean ssh() {
                return ssh;
            }
        };
    }

    /** Applies the settings one after the other, as configuration changes do, and waits until they are done. */
    private static void apply(Features features, boolean first, boolean... then) throws InterruptedException {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        RemoteConsole console = new RemoteConsole(features.service(), ssh(first), thread);
        for (boolean next : then) {
            console.modified(ssh(next));
        }
        console.deactivate();
        assertThat(thread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private static final String NO_REFRESH = EnumSet.of(Option.NoAutoRefreshBundles).toString();

    @Test
    void installsFeatureSshWithoutRefreshingWhenAskedAndUninstallsItWhenNoLongerAsked() throws Exception {
        Features features = new Features();
        apply(features, true, true, false);
        assertThat(features.calls).containsExactly("installFeature ssh " + NO_REFRESH, "uninstallFeature ssh " + NO_REFRESH);
        assertThat(features.installed).isFalse();
    }

    @Test
    void changesNothingWhenFeatureSshIsAlreadyAsAsked() throws Exception {
        Features features = new Features();
        apply(features, false);
        features.installed = true;
        apply(features, true);
        assertThat(features.calls).isEmpty();
    }

    @Test
    void aFailedInstallIsLoggedAndTheNextSettingIsStillFollowed() throws Exception {
        Features features = new Features();
        features.failure = new IllegalStateException("Error resolving artifact org.bouncycastle:bcprov-jdk18on:jar:1.83");
        apply(features, true, true);
        assertThat(features.calls).hasSize(2).allMatch(c -> c.startsWith("installFeature ssh"));
        assertThat(features.installed).isTrue();
    }
}
