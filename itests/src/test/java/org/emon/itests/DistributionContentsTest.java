package org.emon.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.BeforeClass;
import org.junit.Test;

/** What the tar.gz carries: nothing a Pi or a Linux server never runs (no Karaf needed). */
public class DistributionContentsTest {

    private static Path home;

    @BeforeClass
    public static void unpack() throws Exception {
        home = UnpackedDistribution.unpack(Path.of("target/contents"));
    }

    @Test
    public void sqliteJdbcKeepsTheNativeLibrariesOfLinuxOnX86And64And32BitArmOnly() throws IOException {
        Path jar;
        try (Stream<Path> files = Files.walk(home.resolve("system/org/xerial/sqlite-jdbc"))) {
            jar = files.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        Set<String> natives = new TreeSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream().filter(e -> !e.isDirectory() && e.getName().startsWith("org/sqlite/native/"))
                    .forEach(e -> natives.add(e.getName().substring(0, e.getName().lastIndexOf('/'))));
            assertThat(file.getManifest().getMainAttributes().getValue("Bundle-SymbolicName"))
                    .as("still the OSGi bundle").startsWith("org.xerial.sqlite-jdbc");
            assertThat(file.getEntry("org/sqlite/JDBC.class")).as("the driver").isNotNull();
        }
        assertThat(natives).containsExactly("org/sqlite/native/Linux/aarch64", "org/sqlite/native/Linux/arm",
                "org/sqlite/native/Linux/armv6", "org/sqlite/native/Linux/armv7", "org/sqlite/native/Linux/x86_64");
    }

    @Test
    public void neitherTheUnusedFrameworkNorTheUnusedLoggingBackendNorTheWindowsServiceWrapperIsShipped() {
        assertThat(home.resolve("system/org/apache/felix/org.apache.felix.framework")).isDirectory();
        assertThat(home.resolve("system/org/eclipse/platform/org.eclipse.osgi")).doesNotExist();
        assertThat(home.resolve("system/org/ops4j/pax/logging/pax-logging-log4j2")).isDirectory();
        assertThat(home.resolve("system/org/ops4j/pax/logging/pax-logging-logback")).doesNotExist();
        assertThat(home.resolve("bin/contrib/karaf-service-win.exe")).doesNotExist();
    }

    @Test
    public void theServerScriptLeavesTheJdkModulesUnpatchedSoThatClassDataSharingStaysOn() throws IOException {
        String script = Files.readString(home.resolve("bin/karaf"));
        assertThat(script).contains("--add-opens java.base/java.lang=ALL-UNNAMED").doesNotContain("--patch-module")
                .doesNotContain("specs.locator");
        try (Stream<Path> boot = Files.list(home.resolve("lib/boot"))) {
            assertThat(boot.map(p -> p.getFileName().toString())).as("Karaf's specs activator still finds the locator")
                    .anyMatch(name -> name.startsWith("org.apache.karaf.specs.locator-"));
        }
        assertThat(Files.isExecutable(home.resolve("bin/karaf"))).isTrue();
    }

    @Test
    public void setenvMakesTheClassArchiveAtTheServersFirstStopUsesItLaterAndLeavesItAloneWhenToldOrForOtherScripts()
            throws Exception {
        Path data = Files.createDirectories(home.resolveSibling("setenv-data"));
        assertThat(javaOptions("karaf", data, "on")).contains("-XX:ArchiveClassesAtExit=" + data.resolve("cds"))
                .doesNotContain("SharedArchiveFile");
        Path archive;
        try (Stream<Path> files = Files.list(data.resolve("cds"))) {
            assertThat(files).as("nothing written by the script itself").isEmpty();
        }
        String made = javaOptions("karaf", data, "on").replaceAll(".*-XX:ArchiveClassesAtExit=(\\S+).*", "$1");
        archive = Files.writeString(Path.of(made), "archive");
        assertThat(javaOptions("start", data, "on")).contains("-XX:SharedArchiveFile=" + archive, "-XX:+VerifySharedSpaces")
                .doesNotContain("ArchiveClassesAtExit");
        assertThat(javaOptions("karaf", data, "off")).doesNotContain("ArchiveClassesAtExit").doesNotContain("SharedArchiveFile")
                .contains("-Xmx");
        assertThat(javaOptions("client", data, "on")).doesNotContain("ArchiveClassesAtExit").doesNotContain("SharedArchiveFile");
    }

    /** The flag that returns start-up malloc memory to the system, only on a Java that has it (or it would not start). */
    @Test
    public void setenvTrimsTheNativeHeapOnJavaFrom17_0_9And21_0_1() throws Exception {
        String trim = "-XX:TrimNativeHeapInterval=5000";
        assertThat(javaOptionsOn("17.0.15")).contains(trim);
        assertThat(javaOptionsOn("17.0.9")).contains(trim);
        assertThat(javaOptionsOn("21.0.1")).contains(trim);
        assertThat(javaOptionsOn("17.0.8")).doesNotContain(trim).contains("-Xmx192m");
        assertThat(javaOptionsOn("21")).doesNotContain(trim);
        assertThat(javaOptionsOn("20.0.2")).doesNotContain(trim);
    }

    /** EXTRA_JAVA_OPTS for bin/client with JAVA_HOME a Java whose release file says VERSION. */
    private static String javaOptionsOn(String version) throws Exception {
        Path jdk = Files.createDirectories(home.resolveSibling("jdk-" + version).resolve("bin")).getParent();
        Files.writeString(jdk.resolve("bin/java"), "");
        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        return javaOptions("client", home.resolveSibling("setenv-data"), "on", jdk);
    }

    /** EXTRA_JAVA_OPTS after bin/setenv, sourced as Karaf's scripts source it. */
    private static String javaOptions(String script, Path data, String cds) throws Exception {
        return javaOptions(script, data, cds, Path.of(System.getProperty("java.home")));
    }

    private static String javaOptions(String script, Path data, String cds, Path javaHome) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", ". \"$DIRNAME/setenv\" && echo \"$EXTRA_JAVA_OPTS\"")
                .redirectErrorStream(true);
        builder.environment().putAll(java.util.Map.of("DIRNAME", home.resolve("bin").toString(), "KARAF_SCRIPT", script,
                "KARAF_DATA", data.toString(), "EMON_CDS", cds, "EXTRA_JAVA_OPTS", "", "JAVA_HOME", javaHome.toString()));
        Process shell = builder.start();
        String out = new String(shell.getInputStream().readAllBytes()).trim();
        assertThat(shell.waitFor()).as(out).isZero();
        return out;
    }

    /**
     * The SSH console is installed on demand (docs/security.md): BouncyCastle (10 MB) is not shipped
     * nor booted, while the other bundles of Karaf's feature ssh are, so that only BouncyCastle is
     * fetched, and bin/client, which runs from system/'s jars, still works.
     */
    @Test
    public void noBouncyCastleNorSshAtBootButTheSshBundlesAndEveryJarOfBinClient() throws IOException {
        assertThat(home.resolve("system/org/bouncycastle")).doesNotExist();
        Properties features = new Properties();
        try (var in = Files.newInputStream(home.resolve("etc/org.apache.karaf.features.cfg"))) {
            features.load(in);
        }
        assertThat(features.getProperty("featuresBoot")).as("featuresBoot").contains("shell/").doesNotContain("ssh");
        assertThat(Files.readString(home.resolve("etc/startup.properties"))).doesNotContain("sshd").doesNotContain("bouncycastle");
        for (String jar : List.of("org/apache/sshd/sshd-osgi/2.17.1/sshd-osgi-2.17.1.jar", "org/apache/sshd/sshd-scp/2.17.1/sshd-scp-2.17.1.jar",
                "org/apache/sshd/sshd-sftp/2.17.1/sshd-sftp-2.17.1.jar",
                "org/apache/karaf/shell/org.apache.karaf.shell.ssh/4.4.10/org.apache.karaf.shell.ssh-4.4.10.jar")) {
            assertThat(home.resolve("system").resolve(jar)).isRegularFile();
        }
        // the settings of the SSH console, which scripts and tests edit, are there to edit
        assertThat(home.resolve("etc/org.apache.karaf.shell.cfg")).content(StandardCharsets.UTF_8).containsPattern("(?m)^sshPort *= *8101$");
        Matcher classpath = Pattern.compile("\\$\\{KARAF_HOME\\}/(system/[^\":]+\\.jar)").matcher(Files.readString(home.resolve("bin/client")));
        Set<String> clientJars = new TreeSet<>();
        while (classpath.find()) {
            clientJars.add(classpath.group(1));
        }
        assertThat(clientJars).as("bin/client's class path").anyMatch(j -> j.contains("sshd-osgi")).anyMatch(j -> j.contains("org.apache.karaf.client"));
        for (String jar : clientJars) {
            assertThat(home.resolve(jar)).as("bin/client needs").isRegularFile();
        }
    }
}
