package org.emon.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.emon.api.store.Collector;
import org.emon.api.store.MeterTable;
import org.emon.api.store.PulseAppender;
import org.emon.api.store.PulseQueries;
import org.emon.api.store.StoreFiles;
import org.emon.api.store.StoreHealth;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The component description bnd generates from the annotations: the store is registered under
 * every capability it implements, so that each consumer finds the one it references. (The Pax Exam
 * EmonDistributionTest checks the same in a running Karaf, with the consumers bound.)
 */
class ComponentServicesTest {

    @Test
    void registersEveryCapabilityOfTheStoreContract() throws Exception {
        Document component;
        try (InputStream xml = getClass().getResourceAsStream("/OSGI-INF/" + SqlitePulseStore.class.getName() + ".xml")) {
            assertThat(xml).as("bnd's component description").isNotNull();
            component = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml);
        }
        NodeList provides = component.getElementsByTagName("provide");
        List<String> services = new ArrayList<>();
        for (int i = 0; i < provides.getLength(); i++) {
            services.add(provides.item(i).getAttributes().getNamedItem("interface").getNodeValue());
        }

        assertThat(services).containsExactlyInAnyOrder(PulseAppender.class.getName(), PulseQueries.class.getName(),
                StoreHealth.class.getName(), MeterTable.class.getName(), StoreFiles.class.getName(),
                Collector.class.getName());
        for (Class<?> capability : new Class<?>[] { PulseAppender.class, PulseQueries.class, StoreHealth.class,
                MeterTable.class, StoreFiles.class, Collector.class }) {
            assertThat(capability).isAssignableFrom(SqlitePulseStore.class);
        }
    }
}
