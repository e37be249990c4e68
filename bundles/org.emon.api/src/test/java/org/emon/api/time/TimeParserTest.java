package org.emon.api.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class TimeParserTest {

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    @Test
    void readsEveryAcceptedForm() {
        assertThat(TimeParser.instant("2026-11-01", AMSTERDAM)).isEqualTo(Instant.parse("2026-10-31T23:00:00Z"));
        assertThat(TimeParser.instant("2026-07-01", AMSTERDAM)).isEqualTo(Instant.parse("2026-06-30T22:00:00Z"));
        assertThat(TimeParser.instant("2026-11-01T06:00", AMSTERDAM)).isEqualTo(Instant.parse("2026-11-01T05:00:00Z"));
        assertThat(TimeParser.instant("2026-11-01T06:00:30.250", AMSTERDAM)).isEqualTo(Instant.parse("2026-11-01T05:00:30.250Z"));
        assertThat(TimeParser.instant("2026-11-01T06:00+02:00", AMSTERDAM)).isEqualTo(Instant.parse("2026-11-01T04:00:00Z"));
        assertThat(TimeParser.instant("2026-11-01T06:00:00Z", AMSTERDAM)).isEqualTo(Instant.parse("2026-11-01T06:00:00Z"));
        assertThat(TimeParser.instant("1795467804661", AMSTERDAM)).isEqualTo(Instant.ofEpochMilli(1795467804661L));
        assertThat(TimeParser.instant(" 0 ", AMSTERDAM)).isEqualTo(Instant.EPOCH);
        assertThat(TimeParser.instant("2026-11-01T06:00+01:00[Europe/Amsterdam]", ZoneId.of("UTC")))
                .isEqualTo(Instant.parse("2026-11-01T05:00:00Z"));
    }

    @Test
    void anUnencodedPlusThatArrivedAsASpaceIsAPlus() {
        assertThat(TimeParser.instant("2026-11-01T06:00:00 01:00", AMSTERDAM)).isEqualTo(Instant.parse("2026-11-01T05:00:00Z"));
        assertThat(TimeParser.zone("Etc/GMT 1", AMSTERDAM)).isEqualTo(ZoneId.of("Etc/GMT+1"));
    }

    @Test
    void localTimesInAGapOrOverlapOfTheZoneAreReadAsJavaTimeDoes() {
        // 02:30 on the spring-forward day does not exist in Amsterdam: moved forward by the gap
        assertThat(TimeParser.instant("2026-03-29T02:30", AMSTERDAM)).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    }

    @Test
    void refusesWhatIsNoTimeNamingTheForms() {
        for (String bad : new String[] { "yesterday", "2026-13-01", "2026-11-01T25:00", "01-11-2026", "12:00", "2026-11-01Tfoo" }) {
            assertThatThrownBy(() -> TimeParser.instant(bad, AMSTERDAM)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot read").hasMessageContaining("2026-11-01T06:00+01:00");
        }
        assertThatThrownBy(() -> TimeParser.instant("", AMSTERDAM)).hasMessageContaining("empty");
        assertThatThrownBy(() -> TimeParser.instant("-1", AMSTERDAM)).hasMessageContaining("outside 1970-01-01 to 9999-12-31");
        assertThatThrownBy(() -> TimeParser.instant("999999999999999999", AMSTERDAM)).hasMessageContaining("outside");
        assertThatThrownBy(() -> TimeParser.instant("x".repeat(500) + "\n", AMSTERDAM)).satisfies(e -> {
            assertThat(e.getMessage()).doesNotContain("\n");
            assertThat(e.getMessage().length()).isLessThan(260);
        });
    }

    @Test
    void zonesByIanaNameOrTheFallback() {
        assertThat(TimeParser.zone("Europe/Amsterdam", ZoneId.of("UTC"))).isEqualTo(AMSTERDAM);
        assertThat(TimeParser.zone(null, AMSTERDAM)).isEqualTo(AMSTERDAM);
        assertThat(TimeParser.zone("  ", AMSTERDAM)).isEqualTo(AMSTERDAM);
        assertThatThrownBy(() -> TimeParser.zone("Mars/Olympus", AMSTERDAM)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown time zone 'Mars/Olympus': expected an IANA name such as Europe/Amsterdam, or UTC");
    }
}
