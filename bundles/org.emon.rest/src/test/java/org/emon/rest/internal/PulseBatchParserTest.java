package org.emon.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;
import java.util.stream.LongStream;

import org.assertj.core.api.AbstractThrowableAssert;
import org.emon.api.rest.ApiException;
import org.junit.jupiter.api.Test;

class PulseBatchParserTest {

    /** 2023-11-14T22:13:20Z */
    private static final long NOW = 1_700_000_000_000L;

    private static long[] parse(String body) {
        return PulseBatchParser.parse(body.getBytes(StandardCharsets.UTF_8), NOW);
    }

    private static AbstractThrowableAssert<?, ?> refused(String body, int status) {
        return assertThatThrownBy(() -> parse(body)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(status));
    }

    @Test
    void readsTimestampsInOrderWithDuplicatesKept() throws Exception {
        assertThat(parse("{\"timestamps\":[1699999999000, 1699999999500,1699999999500]}"))
                .containsExactly(1_699_999_999_000L, 1_699_999_999_500L, 1_699_999_999_500L);
    }

    @Test
    void toleratesWhitespaceAndUnknownFields() throws Exception {
        assertThat(parse(" {\n \"source\": {\"name\":\"esp\", \"x\":[1,[2]]},\r\n\t\"timestamps\" : [ 1699999999000 ] , \"v\":2 }\n"))
                .containsExactly(1_699_999_999_000L);
    }

    @Test
    void acceptsTheLimits() throws Exception {
        assertThat(parse("{\"timestamps\":[946684800000," + (NOW + 60_000) + "]}"))
                .containsExactly(PulseBatchParser.EARLIEST_MILLIS, NOW + 60_000);
        long[] many = parse(batch(PulseBatchParser.MAX_TIMESTAMPS));
        assertThat(many).hasSize(10_000);
        assertThat(many[9_999]).isEqualTo(NOW - 10_000 + 9_999);
    }

    @Test
    void refusesAnEmptyBody() {
        refused("", 400).hasMessageContaining("empty request body");
        refused(" \n", 400).hasMessageContaining("empty request body");
    }

    @Test
    void refusesMalformedJson() {
        refused("{\"timestamps\":[1699999999000", 400).hasMessageStartingWith("malformed JSON");
        refused("{\"timestamps\":[1699999999000,]}", 400).hasMessageStartingWith("malformed JSON");
        refused("{timestamps:[1699999999000]}", 400).hasMessageStartingWith("malformed JSON");
        refused("{\"timestamps\":[1699999999000]} x", 400).hasMessageStartingWith("malformed JSON");
        refused("{\"timestamps\":[1699999999000]}{}", 400).hasMessageStartingWith("malformed JSON");
        refused("\u00ff\u00fe", 400).hasMessageStartingWith("malformed JSON");
        refused("[".repeat(5000), 400).hasMessageStartingWith("the body must be a JSON object");
        refused("{\"a\":" + "[".repeat(5000), 400).hasMessageStartingWith("malformed JSON");
    }

    @Test
    void refusesAnythingButAnObject() {
        refused("[1699999999000]", 400).hasMessageContaining("must be a JSON object");
        refused("1699999999000", 400).hasMessageContaining("must be a JSON object");
        refused("null", 400).hasMessageContaining("must be a JSON object");
        refused("\"x\"", 400).hasMessageContaining("must be a JSON object");
    }

    @Test
    void refusesMissingOrNonArrayTimestamps() {
        refused("{}", 400).hasMessageContaining("missing field \"timestamps\"");
        refused("{\"timestamp\":[1699999999000]}", 400).hasMessageContaining("missing field \"timestamps\"");
        refused("{\"timestamps\":1699999999000}", 400).hasMessageContaining("\"timestamps\" is not an array");
        refused("{\"timestamps\":null}", 400).hasMessageContaining("\"timestamps\" is not an array");
        refused("{\"timestamps\":{\"0\":1699999999000}}", 400).hasMessageContaining("\"timestamps\" is not an array");
        refused("{\"timestamps\":\"1699999999000\"}", 400).hasMessageContaining("\"timestamps\" is not an array");
        refused("{\"timestamps\":[1699999999000],\"timestamps\":[1699999999001]}", 400).hasMessageContaining("appears twice");
    }

    @Test
    void refusesAnEmptyArray() {
        refused("{\"timestamps\":[]}", 400).hasMessageContaining("\"timestamps\" is empty");
    }

    @Test
    void refusesNonIntegerValuesNamingTheElement() {
        refused("{\"timestamps\":[1699999999000,1699999999000.5]}", 400).hasMessageContaining("timestamps[1] is not an integer");
        refused("{\"timestamps\":[1.7e12]}", 400).hasMessageContaining("timestamps[0] is not an integer");
        refused("{\"timestamps\":[\"1699999999000\"]}", 400).hasMessageContaining("timestamps[0] is not an integer").hasMessageContaining("a string");
        refused("{\"timestamps\":[null]}", 400).hasMessageContaining("timestamps[0] is not an integer").hasMessageContaining("null");
        refused("{\"timestamps\":[true]}", 400).hasMessageContaining("timestamps[0] is not an integer");
        refused("{\"timestamps\":[[1699999999000]]}", 400).hasMessageContaining("an array");
        refused("{\"timestamps\":[{}]}", 400).hasMessageContaining("an object");
        refused("{\"timestamps\":[NaN]}", 400).hasMessageStartingWith("malformed JSON");
        refused("{\"timestamps\":[99999999999999999999999]}", 400).hasMessageContaining("timestamps[0] = 99999999999999999999999 is out of range");
        refused("{\"timestamps\":[-99999999999999999999999]}", 400).hasMessageContaining("out of range");
    }

    @Test
    void refusesTimestampsBefore2000() {
        refused("{\"timestamps\":[946684799999]}", 400).hasMessageContaining("timestamps[0] = 946684799999 is before 2000-01-01");
        refused("{\"timestamps\":[1699999999000,1700000000]}", 400).hasMessageContaining("timestamps[1] = 1700000000 is before 2000-01-01");
        refused("{\"timestamps\":[0]}", 400).hasMessageContaining("before 2000-01-01");
        refused("{\"timestamps\":[-1]}", 400).hasMessageContaining("before 2000-01-01");
    }

    @Test
    void refusesTimestampsMoreThanAMinuteAhead() {
        refused("{\"timestamps\":[" + (NOW + 60_001) + "]}", 400).hasMessageContaining("timestamps[0] = 1700000060001 is more than 60 s in the future");
        refused("{\"timestamps\":[" + Long.MAX_VALUE + "]}", 400).hasMessageContaining("in the future");
    }

    @Test
    void refusesMoreThanTenThousandTimestamps() {
        refused(batch(PulseBatchParser.MAX_TIMESTAMPS + 1), 413).hasMessageContaining("more than 10000 timestamps");
    }

    private static String batch(int n) {
        StringJoiner json = new StringJoiner(",", "{\"timestamps\":[", "]}");
        LongStream.range(0, n).forEach(i -> json.add(Long.toString(NOW - 10_000 + i)));
        return json.toString();
    }
}
