package org.emon.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.util.Map;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The emon feature in a stock Apache Karaf, installed the way the README says (feature:repo-add,
 * feature:install emon), in a Karaf booted without its shell: emon must serve the same API there
 * and leave its console commands out, and gain them when the shell is installed afterwards.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StockKarafFeatureTest {

    private static final String SHELL_BUNDLE = "org.emon.shell";

    @Inject
    FeaturesService features;

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return Containers.stockKarafWithoutShell();
    }

    @Test
    public void featureInstallsAndServesTheApiWithoutTheShellAndGainsItsCommandsWithIt() throws Exception {
        assertNull("the container was to boot without Karaf's shell", bundle("org.apache.karaf.shell.core"));
        String version = System.getProperty("emon.version");
        // what feature:repo-add and feature:install do
        features.addRepository(URI.create("mvn:org.emon/features/" + version + "/xml/features"));
        features.installFeature("emon");
        assertTrue(features.isInstalled(features.getFeature("emon")));
        Http http = new Http(); // Jackson, which it uses, is there only now

        long deadline = System.currentTimeMillis() + 60_000;
        JsonNode meter = null;
        String token = null;
        while (meter == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            if (token == null) {
                Http.Answer login = http.postJson("/api/login",
                        "{\"username\":\"admin\",\"password\":\"" + System.getProperty(Containers.PASSWORD_PROPERTY) + "\"}");
                if (login.status() != 200) {
                    continue;
                }
                token = login.json().get("token").asText();
            }
            Http.Answer ipu = http.get("/api/ipu", Map.of("X-Access-Token", token));
            assertEquals(ipu.body(), 200, ipu.status());
            JsonNode first = ipu.json().get(0);
            if (first != null && first.get("ipu").asDouble() > 0) {
                meter = first;
            }
        }
        assertTrue("no token or no meter with power within 60 s (token: " + (token != null) + ")", meter != null);
        assertEquals(21, meter.get("meterid").asInt());
        assertEquals(401, http.get("/api/ipu", Map.of()).status());
        assertNull("feature emon pulled Karaf's shell in; installed: " + installedFeatures(), bundle("org.apache.karaf.shell.core"));
        assertNull("emon's commands are installed without a shell", bundle(SHELL_BUNDLE));

        // the shell comes later: the conditional brings emon's commands with it
        features.installFeature("shell");
        Bundle commands = bundle(SHELL_BUNDLE);
        assertTrue("org.emon.shell not installed with the shell", commands != null);
        assertEquals(Bundle.ACTIVE, commands.getState());
        String status = statusWhenRegistered();
        assertTrue(status, status.contains("Main E-meter") && status.contains("simulator"));
    }

    private String installedFeatures() throws Exception {
        StringBuilder names = new StringBuilder();
        for (org.apache.karaf.features.Feature feature : features.listInstalledFeatures()) {
            names.append(feature.getName()).append(' ');
        }
        return names.toString();
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }

    /** emon:status once the shell and the command are registered (both follow the bundle's start). */
    private String statusWhenRegistered() throws Exception {
        ServiceTracker<SessionFactory, SessionFactory> tracker = new ServiceTracker<>(context, SessionFactory.class, null);
        tracker.open();
        try {
            SessionFactory sessions = tracker.waitForService(30_000);
            assertTrue("no console SessionFactory within 30 s of installing the shell", sessions != null);
            long deadline = System.currentTimeMillis() + 30_000;
            while (true) {
                try {
                    return Console.run(sessions, "emon:status");
                } catch (Exception notYet) {
                    if (System.currentTimeMillis() > deadline) {
                        throw notYet;
                    }
                    Thread.sleep(200);
                }
            }
        } finally {
            tracker.close();
        }
    }
}
