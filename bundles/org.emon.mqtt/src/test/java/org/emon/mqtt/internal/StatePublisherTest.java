package org.emon.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.emon.api.MeterKind;
import org.emon.api.MeterReading;
import org.junit.jupiter.api.Test;

/** What is published on each tick, recorded instead of sent. */
class StatePublisherTest {

    record Sent(String topic, String payload, boolean retained) {
    }

    private final Fakes.Meters meters = new Fakes.Meters();
    private final Fakes.Power power = new Fakes.Power();
    private final Fakes.Store store = new Fakes.Store();
    private final Topics topics = Topics.of("emon", "homeassistant");
    private final StatePublisher publisher = new StatePublisher(meters, power, new Values(store), topics, new Discovery(topics, "1"),
            1_000, 10_000, TotalGuard.inMemory());
    private final List<Sent> sent = new ArrayList<>();
    private final StatePublisher.Sink sink = (topic, payload, retained, qos) -> sent.add(new Sent(topic, payload, retained));

    private Map<String, String> last() {
        Map<String, String> last = new LinkedHashMap<>();
        sent.forEach(s -> last.put(s.topic(), s.payload()));
        return last;
    }

    @Test
    void theFirstTotalIsTheStoredOneAndAMeterWithoutPulsesHasNoneYet() throws Exception {
        meters.list.add(Fakes.electricity(21));
        meters.list.add(Fakes.gas(3));
        store.add(21, 12_345);
        publisher.tick(0, sink);
        assertThat(last()).containsEntry("emon/meter/21/total", "12.345").doesNotContainKey("emon/meter/3/total")
                .doesNotContainKey("emon/meter/3/total_kwh").containsEntry("emon/meter/21/power", "0");
        assertThat(sent).allMatch(Sent::retained);
        store.add(3, 250);
        publisher.tick(10_000, sink);
        assertThat(last()).containsEntry("emon/meter/3/total", "2.5").containsEntry("emon/meter/3/total_kwh", "24.425");
    }

    @Test
    void totalsAndPowerArePublishedOnChangeAtTheirIntervals() throws Exception {
        meters.list.add(Fakes.electricity(21));
        store.add(21, 1);
        publisher.tick(0, sink);
        int first = sent.size();
        publisher.tick(500, sink);
        assertThat(sent).as("nothing changed").hasSize(first);
        store.add(21, 1);
        power.values.put(21, 3600.04);
        publisher.tick(1_000, sink);
        assertThat(sent.subList(first, sent.size())).containsExactly(new Sent("emon/meter/21/power", "3600", true));
        publisher.tick(10_000, sink);
        assertThat(last()).containsEntry("emon/meter/21/total", "0.002");
    }

    @Test
    void aTotalThatWouldDropIsNotPublished() throws Exception {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        meters.list.add(new Fakes.TestMeter(21, "m", "", MeterKind.ELECTRICITY, 1000, 0, Optional.of(new MeterReading(500, at))));
        store.add(21, 1000);
        publisher.tick(0, sink);
        assertThat(last()).containsEntry("emon/meter/21/total", "501");
        // the reading corrected downwards: Home Assistant would book a reset
        meters.list.set(0, new Fakes.TestMeter(21, "m", "", MeterKind.ELECTRICITY, 1000, 0, Optional.of(new MeterReading(400, at))));
        sent.clear();
        publisher.tick(10_000, sink);
        assertThat(sent).noneMatch(s -> s.topic().equals("emon/meter/21/total"));
        store.add(21, 200_000);
        publisher.tick(20_000, sink);
        assertThat(last()).containsEntry("emon/meter/21/total", "601");
    }

    @Test
    void aRemovedMeterLosesItsConfigsAndStates() throws Exception {
        meters.list.add(Fakes.electricity(21));
        meters.list.add(Fakes.gas(3));
        publisher.tick(0, sink);
        assertThat(last()).containsKeys("homeassistant/sensor/emon/emon_meter3_total/config",
                "homeassistant/sensor/emon/emon_meter3_total_kwh/config", "homeassistant/sensor/emon/emon_meter3_power/config");
        sent.clear();
        meters.list.removeIf(m -> m.id() == 3);
        publisher.tick(1, sink);
        assertThat(last()).containsEntry("homeassistant/sensor/emon/emon_meter3_total/config", "")
                .containsEntry("homeassistant/sensor/emon/emon_meter3_total_kwh/config", "")
                .containsEntry("homeassistant/sensor/emon/emon_meter3_power/config", "").containsEntry("emon/meter/3/total", "")
                .doesNotContainKey("homeassistant/sensor/emon/emon_meter21_total/config");
        assertThat(sent).allMatch(Sent::retained);
    }

    @Test
    void aRetainedConfigOfAMeterNoLongerConfiguredIsRemoved() throws Exception {
        meters.list.add(Fakes.electricity(21));
        publisher.tick(0, sink);
        sent.clear();
        publisher.seenConfig("homeassistant/sensor/emon/emon_meter21_total/config", sink);
        assertThat(sent).as("its own config is left alone").isEmpty();
        publisher.seenConfig("homeassistant/sensor/emon/emon_meter9_total/config", sink);
        assertThat(sent).containsExactly(new Sent("homeassistant/sensor/emon/emon_meter9_total/config", "", true));
    }

    @Test
    void republishSendsEverythingAgain() throws Exception {
        meters.list.add(Fakes.electricity(21));
        store.add(21, 5);
        publisher.tick(0, sink);
        List<Sent> first = List.copyOf(sent);
        sent.clear();
        publisher.tick(1, sink);
        assertThat(sent).isEmpty();
        publisher.republish();
        publisher.tick(2, sink);
        assertThat(sent).containsExactlyInAnyOrderElementsOf(first);
    }
}
