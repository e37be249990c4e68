package org.emon.itests;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.MavenArtifactUrlReference;

/** Pax Exam options for the containers these tests boot, on free ports so a running emon is no obstacle. */
final class Containers {

    static final String HTTP_PORT_PROPERTY = "emon.itest.http.port";
    static final String PASSWORD_PROPERTY = "emon.test.admin.password";
    /** The example third-party source bundle's jar, which tests install into a running container. */
    static final String EXAMPLE_JAR_PROPERTY = "emon.example.jar";
    /** The project's root folder, whose README.md and docs/ hold the console examples a test runs. */
    static final String DOCS_ROOT_PROPERTY = "emon.docs.root";

    private Containers() {
    }

    /** The project's own distribution, as built by karaf-assembly. */
    static Option[] emonDistribution() {
        MavenArtifactUrlReference emon = maven().groupId("org.emon").artifactId("karaf-assembly")
                .version(System.getProperty("emon.version")).type("tar.gz");
        return common(emon, "emon");
    }

    /**
     * A stock Apache Karaf booted without its shell (its boot features less {@code shell} and
     * {@code ssh}, which needs it), into which a test installs the emon feature.
     */
    static Option[] stockKarafWithoutShell() {
        MavenArtifactUrlReference karaf = maven().groupId("org.apache.karaf").artifactId("apache-karaf")
                .version(System.getProperty("karaf.version")).type("tar.gz");
        List<Option> options = new ArrayList<>(List.of(common(karaf, "Apache Karaf")));
        // the emon features and bundles it installs come from the repository this build installed
        // them to, not from an older build in ~/.m2
        options.add(editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                System.getProperty("org.ops4j.pax.url.mvn.localRepository")));
        options.add(editConfigurationFilePut("etc/org.apache.karaf.features.cfg", "featuresBoot",
                "instance, package, log, framework, system, eventadmin, feature, management, service, jaas, deployer, "
                        + "diagnostic, wrap, bundle, config, kar"));
        return options.toArray(new Option[0]);
    }

    private static Option[] common(MavenArtifactUrlReference distribution, String name) {
        int http = UnpackedDistribution.freePort();
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration().frameworkUrl(distribution).name(name)
                        .unpackDirectory(new File("target/exam")).useDeployFolder(false),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.INFO),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(http)),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(UnpackedDistribution.freePort())),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(UnpackedDistribution.freePort())),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(UnpackedDistribution.freePort())),
                editConfigurationFilePut("etc/system.properties", HTTP_PORT_PROPERTY, Integer.toString(http)),
                editConfigurationFilePut("etc/system.properties", PASSWORD_PROPERTY, System.getProperty(PASSWORD_PROPERTY)),
                editConfigurationFilePut("etc/system.properties", "emon.version", System.getProperty("emon.version")),
                editConfigurationFilePut("etc/system.properties", DOCS_ROOT_PROPERTY, System.getProperty(DOCS_ROOT_PROPERTY)),
                editConfigurationFilePut("etc/system.properties", EXAMPLE_JAR_PROPERTY,
                        new File(System.getProperty(EXAMPLE_JAR_PROPERTY)).toURI().toString())));
        return options.toArray(new Option[0]);
    }
}
