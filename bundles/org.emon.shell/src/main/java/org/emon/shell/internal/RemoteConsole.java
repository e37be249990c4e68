package org.emon.shell.internal;

import java.util.EnumSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.features.FeaturesService.Option;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSH console on demand: Karaf's feature {@code ssh} (the SSH server and BouncyCastle) is not
 * part of the distribution's boot, and the setting {@code ssh} of etc/org.emon.console.cfg
 * installs or uninstalls it while emon runs: the way to get it where there is no local console
 * (the Debian service). The same as {@code feature:install -r ssh} at the local console.
 */
@Component(service = {}, configurationPid = "org.emon.console", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = RemoteConsoleConfig.class)
public final class RemoteConsole {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteConsole.class);
    static final String FEATURE = "ssh";
    /**
     * No refresh: the bundles that import sshd optionally (jline) would be refreshed, and with them
     * the shell, SCR and so every emon bundle, a restart of emon. The new bundles need none.
     */
    static final EnumSet<Option> NO_REFRESH = EnumSet.of(Option.NoAutoRefreshBundles);

    private final FeaturesService features;
    /** Off the configuration thread: an install resolves, may download and starts bundles. */
    private final ExecutorService thread;

    @Activate
    public RemoteConsole(@Reference FeaturesService features, RemoteConsoleConfig config) {
        this(features, config, Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "emon-remote-console");
            t.setDaemon(true);
            return t;
        }));
    }

    RemoteConsole(FeaturesService features, RemoteConsoleConfig config, ExecutorService thread) {
        this.features = features;
        this.thread = thread;
        modified(config);
    }

    @Modified
    void modified(RemoteConsoleConfig config) {
        boolean wanted = config.ssh();
        thread.execute(() -> follow(wanted));
    }

    @Deactivate
    void deactivate() {
        thread.shutdown(); // an install under way finishes; Karaf's feature state stays whole
    }

    /** Installs or uninstalls feature ssh so that it is installed exactly when {@code wanted}. */
    void follow(boolean wanted) {
        try {
            Feature ssh = features.getFeature(FEATURE);
            if (ssh == null) {
                LOG.error("emon cannot {} the SSH console: Karaf knows no feature '{}'", wanted ? "install" : "uninstall", FEATURE);
                return;
            }
            if (features.isInstalled(ssh) == wanted) {
                return;
            }
            if (wanted) {
                LOG.info("Installing the SSH console (feature {}), as etc/org.emon.console.cfg asks", FEATURE);
                features.installFeature(FEATURE, NO_REFRESH);
                LOG.info("SSH console installed: port sshPort of etc/org.apache.karaf.shell.cfg, users of etc/users.properties");
            } else {
                features.uninstallFeature(FEATURE, NO_REFRESH);
                LOG.info("SSH console uninstalled, as etc/org.emon.console.cfg asks");
            }
        } catch (Exception e) {
            LOG.error("emon could not {} the SSH console (feature {}): {}. Its BouncyCastle bundles come from Maven Central"
                    + " the first time, or from system/ offline (docs/security.md)", wanted ? "install" : "uninstall", FEATURE, e.toString(), e);
        }
    }
}
