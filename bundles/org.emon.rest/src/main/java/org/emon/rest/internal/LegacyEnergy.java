package org.emon.rest.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.emon.api.aggregation.EnergyBucket;
import org.emon.api.aggregation.EnergySeries;
import org.emon.api.rest.ApiException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The original's {@code PUT /apiv2/e-energy} and {@code e-power}: reading its body
 * {@code {"mid":21,"nrDaysBack":0}}, the local day it means, and its answer's shape and units.
 */
final class LegacyEnergy {

    /** About ten years back; further is no day the original's clients ask for. */
    static final int MAX_DAYS_BACK = 3660;
    /** A body of two small numbers; anything near this is not such a body. */
    static final int MAX_BODY_BYTES = 4096;

    private static final String SHAPE = "expected {\"mid\":21,\"nrDaysBack\":0}";
    private static final JsonFactory JSON = new JsonFactory();

    /** A checked request body. */
    record Request(int mid, int nrDaysBack) {
    }

    /** The original's answer; {@code nrDayBacks} is spelled as the original spelled it. */
    public record Answer(int mid, String unit, int nrDayBacks, List<Value> values) {
    }

    /** A bucket: its start in epoch seconds and its energy (Wh) or average power (W). */
    public record Value(long time, double energy) {
    }

    /** The range of one local day: {@code [from, to)}. */
    record Day(Instant from, Instant to) {
    }

    private LegacyEnergy() {
    }

    /**
     * The body's meter and days back, as numbers or numeric strings (the original's clients sent
     * both); {@code nrDaysBack} may be left out for today.
     */
    static Request parse(byte[] body) {
        if (new String(body, StandardCharsets.UTF_8).isBlank()) {
            throw ApiException.badRequest("empty request body: " + SHAPE);
        }
        try (JsonParser json = JSON.createParser(body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw ApiException.badRequest("the body must be a JSON object: " + SHAPE);
            }
            Integer mid = null;
            Integer daysBack = null;
            for (JsonToken t = json.nextToken(); t != JsonToken.END_OBJECT; t = json.nextToken()) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                if ("mid".equals(name)) {
                    mid = integer(json, value, name, mid);
                } else if ("nrDaysBack".equals(name)) {
                    daysBack = integer(json, value, name, daysBack);
                } else {
                    json.skipChildren(); // unknown fields are tolerated
                }
            }
            if (json.nextToken() != null) {
                throw ApiException.badRequest("malformed JSON: content after the object");
            }
            if (mid == null) {
                throw ApiException.badRequest("missing field \"mid\": " + SHAPE);
            }
            int days = daysBack == null ? 0 : daysBack;
            if (days < 0 || days > MAX_DAYS_BACK) {
                throw ApiException.badRequest("\"nrDaysBack\" = " + days + " is not between 0 and " + MAX_DAYS_BACK);
            }
            return new Request(mid, days);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("unreadable request body: " + e.getMessage()); // cannot happen on a byte[]
        }
    }

    private static Integer integer(JsonParser json, JsonToken token, String name, Integer previous) throws IOException {
        if (previous != null) {
            throw ApiException.badRequest("\"" + name + "\" appears twice");
        }
        String text = switch (token) {
            case VALUE_NUMBER_INT, VALUE_STRING -> json.getText().trim();
            default -> null;
        };
        if (text == null || !text.matches("-?[0-9]{1,9}")) {
            throw ApiException.badRequest("\"" + name + "\" is not an integer: " + describe(json, token));
        }
        return Integer.valueOf(text);
    }

    private static String describe(JsonParser json, JsonToken token) throws IOException {
        return switch (token) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "\"" + json.getText() + "\"";
            default -> json.getText();
        };
    }

    /**
     * The local day {@code nrDaysBack} days before today in the clock's zone; today's range ends
     * now, as the original's tables held no rows for hours still to come.
     */
    static Day day(int nrDaysBack, Clock clock) {
        ZoneId zone = clock.getZone();
        Instant now = clock.instant();
        LocalDate date = LocalDate.ofInstant(now, zone).minusDays(nrDaysBack);
        Instant from = date.atStartOfDay(zone).toInstant();
        Instant to = date.plusDays(1).atStartOfDay(zone).toInstant();
        if (to.isAfter(now)) {
            to = now.isAfter(from) ? now : from.plusMillis(1);
        }
        return new Day(from, to);
    }

    /**
     * The original's e-energy answer: Wh per bucket for electricity (kWh x 1000); a gas or water
     * meter keeps its own unit (m3), which the original never had.
     */
    static Answer energy(EnergySeries series, int nrDaysBack) {
        double factor = factor(series);
        List<Value> values = series.values().stream().map(b -> new Value(seconds(b), round(b.value() * factor))).toList();
        return new Answer(series.meterId(), unit(series, false), nrDaysBack, values);
    }

    /** The original's e-power answer: each bucket's average power, W (m3/h for gas and water). */
    static Answer power(EnergySeries series, int nrDaysBack) {
        double factor = factor(series);
        List<Value> values = series.values().stream().map(b -> new Value(seconds(b),
                round(b.value() * factor * 3600_000.0 / Duration.between(b.start(), b.end()).toMillis()))).toList();
        return new Answer(series.meterId(), unit(series, true), nrDaysBack, values);
    }

    private static boolean electricity(EnergySeries series) {
        return "kWh".equals(series.unit());
    }

    private static double factor(EnergySeries series) {
        return electricity(series) ? 1000 : 1;
    }

    private static String unit(EnergySeries series, boolean power) {
        if (electricity(series)) {
            return power ? "W" : "Wh";
        }
        return power ? series.unit() + "/h" : series.unit();
    }

    private static long seconds(EnergyBucket bucket) {
        return bucket.start().getEpochSecond();
    }

    /** Six decimals: no 3.0000000000000004 Wh from binary fractions. */
    private static double round(double value) {
        return Math.round(value * 1e6) / 1e6;
    }
}
