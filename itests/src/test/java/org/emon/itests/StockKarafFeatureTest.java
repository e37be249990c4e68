package org.emon.itests;

import static org.junit.Assert.assertEquals;
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

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The emon feature in a stock Apache Karaf, installed the way the README says:
 * feature:repo-add and feature:install emon. It must serve the same API.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StockKarafFeatureTest {

    @Inject
    SessionFactory sessions;

    @Inject
    FeaturesService features;

    @Configuration
    public Option[] config() {
        return Containers.stockKaraf();
    }

    @Test
    public void featureInstallsAndServesTheApi() throws Exception {
        String version = System.getProperty("emon.version");
        // what feature:repo-add and feature:install do (the commands may be re-registered while features change)
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
        String status = Console.run(sessions, "emon:status");
        assertTrue(status, status.contains("Main E-meter") && status.contains("simulator"));
    }
}
