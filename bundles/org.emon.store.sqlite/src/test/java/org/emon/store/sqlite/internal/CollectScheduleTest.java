package org.emon.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.emon.api.store.CollectResult;
import org.emon.api.store.Collector;
import org.junit.jupiter.api.Test;

class CollectScheduleTest {

    private final BlockingQueue<String> runs = new LinkedBlockingQueue<>();
    private final Collector collector = (intervals, meter, rebuild, progress) -> {
        runs.add(Arrays.toString(intervals) + " " + meter + " " + rebuild);
        return new CollectResult(List.of(), 0, 0);
    };

    private static CollectSchedule.Config config(boolean enabled, String intervals, long period) {
        return new CollectSchedule.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return CollectSchedule.Config.class;
            }

            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public String intervals() {
                return intervals;
            }

            @Override
            public long period_seconds() {
                return period;
            }
        };
    }

    @Test
    void collectsTheConfiguredIntervalsOfEveryMeterEveryPeriod() throws Exception {
        CollectSchedule schedule = new CollectSchedule(config(true, " 600, 3600 ,86400", 1), collector);
        try {
            assertThat(runs.poll(5, TimeUnit.SECONDS)).isEqualTo("[600, 3600, 86400] OptionalInt.empty false");
            assertThat(runs.poll(5, TimeUnit.SECONDS)).as("a second run a period later").isNotNull();
        } finally {
            schedule.deactivate();
        }
        runs.clear();
        Thread.sleep(1500);
        assertThat(runs).as("no run after deactivation").isEmpty();
    }

    @Test
    void disabledRunsNothing() throws Exception {
        CollectSchedule schedule = new CollectSchedule(config(false, "600", 1), collector);
        Thread.sleep(1500);
        schedule.deactivate();
        assertThat(runs).isEmpty();
    }

    @Test
    void refusesABadConfigurationNamingTheKey() {
        assertThatThrownBy(() -> new CollectSchedule(config(true, "600,abc", 600), collector))
                .hasMessageContaining("intervals").hasMessageContaining("'abc'");
        assertThatThrownBy(() -> new CollectSchedule(config(true, "600,7000", 600), collector))
                .hasMessageContaining("intervals").hasMessageContaining("7000");
        assertThatThrownBy(() -> new CollectSchedule(config(true, "600", 0), collector)).hasMessageContaining("period.seconds");
        assertThat(runs).isEmpty();
    }
}
