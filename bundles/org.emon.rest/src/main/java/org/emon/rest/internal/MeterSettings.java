package org.emon.rest.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;

import org.emon.api.MeterKind;
import org.emon.api.MeterReading;
import org.emon.api.rest.ApiException;
import org.emon.api.time.TimeParser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What defines a meter: the keys of its factory configuration {@code org.emon.meter} and the JSON
 * fields of {@code POST/PUT /api/v1/meters}, with the checks both must pass. A body is checked
 * completely before anything is written, and each problem names its field.
 *
 * @param calorificValue kWh per m3 of a gas meter, 0 for none
 * @param reading        the meter's display at a moment, or {@code null}
 */
record MeterSettings(int id, String description, String location, MeterKind kind, double impulsesPerUnit,
        double calorificValue, MeterReading reading) {

    /** Configuration keys, as {@code etc/org.emon.meter-*.cfg} spells them. */
    static final String ID = "id";
    static final String DESCRIPTION = "description";
    static final String LOCATION = "location";
    static final String KIND = "kind";
    static final String IMPULSES = "impulses.per.unit";
    static final String CALORIFIC = "calorific.value";
    static final String READING_VALUE = "reading.value";
    static final String READING_AT = "reading.at";

    /** Set by ConfigurationAdmin itself, never by an update. */
    private static final Set<String> MANAGED_BY_CM = Set.of("service.pid", "service.factoryPid", "service.bundleLocation");
    static final int MAX_ID = 999_999_999;
    static final int MAX_TEXT = 200;
    /** Beyond any meter made: LED meters go up to 10,000 imp/kWh. */
    static final double MAX_IMPULSES = 1_000_000;
    /** kWh per m3: natural gas ~10, propane ~26; more is a typo. */
    static final double MAX_CALORIFIC = 100;
    /** A reading may be noted a little ahead of the server's clock, not more. */
    static final long MAX_READING_AHEAD_MILLIS = 60_000;

    /** The zone the core reads a local {@code reading.at} in: the system's, as for every configuration. */
    private static final ZoneId LOCAL_ZONE = ZoneId.systemDefault();

    /** The defaults of a meter configuration without those keys (see the core's MeterConfig). */
    static final String DEFAULT_KIND = "electricity";
    static final double DEFAULT_IMPULSES = 1000;

    /**
     * A new meter from a create body: {@code id} is required, the rest defaults as in a
     * configuration file.
     */
    static MeterSettings create(ObjectNode body, Instant now) {
        JsonNode id = body.get("id");
        if (id == null || id.isNull()) {
            throw ApiException.badRequest("id: required (the meter's number, e.g. 21)");
        }
        MeterSettings defaults = new MeterSettings(id(id), "", "", MeterKind.ELECTRICITY, DEFAULT_IMPULSES, 0, null);
        return defaults.with(body, now);
    }

    /**
     * These settings changed by the fields of an update body; a field left out keeps its value,
     * {@code "reading": null} and {@code "calorificValue": null} remove them.
     */
    MeterSettings with(ObjectNode body, Instant now) {
        JsonNode idField = body.get("id");
        if (idField != null && id(idField) != id) {
            throw ApiException.badRequest("id: a meter's id cannot be changed (its pulses are stored under it): create a new meter instead");
        }
        String newDescription = body.has("description") ? text(body.get("description"), "description") : description;
        String newLocation = body.has("location") ? text(body.get("location"), "location") : location;
        MeterKind newKind = body.has("kind") ? kind(body.get("kind")) : kind;
        double newImpulses = body.has("impulsesPerUnit") ? impulses(body.get("impulsesPerUnit")) : impulsesPerUnit;
        double newCalorific = body.has("calorificValue") ? calorific(body.get("calorificValue")) : calorificValue;
        MeterReading newReading = body.has("reading") ? reading(body.get("reading"), now) : reading;
        if (newCalorific > 0 && newKind != MeterKind.GAS) {
            throw ApiException.badRequest("calorificValue: only a gas meter has one (kind is " + newKind + ")");
        }
        return new MeterSettings(id, newDescription, newLocation, newKind, newImpulses, newCalorific, newReading);
    }

    private static int id(JsonNode node) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1 || node.intValue() > MAX_ID) {
            throw ApiException.badRequest("id: must be a whole number from 1 to " + MAX_ID + ", not " + shown(node));
        }
        return node.intValue();
    }

    private static String text(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual()) {
            throw ApiException.badRequest(field + ": must be a string, not " + shown(node));
        }
        String value = node.textValue().strip();
        if (value.length() > MAX_TEXT) {
            throw ApiException.badRequest(field + ": at most " + MAX_TEXT + " characters, not " + value.length());
        }
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest(field + ": control characters (line breaks, tabs) are not allowed");
        }
        if (value.contains("${") || value.contains("$[")) {
            // the configuration file would read it as a variable to substitute
            throw ApiException.badRequest(field + ": '${' and '$[' are not allowed");
        }
        return value;
    }

    private static MeterKind kind(JsonNode node) {
        if (node.isTextual()) {
            try {
                return MeterKind.parse(node.textValue());
            } catch (IllegalArgumentException e) {
                // falls through to the message below
            }
        }
        throw ApiException.badRequest("kind: must be electricity, gas or water, not " + shown(node));
    }

    private static double impulses(JsonNode node) {
        double value = node.isNumber() ? node.doubleValue() : Double.NaN;
        if (!(value > 0) || value > MAX_IMPULSES) {
            throw ApiException.badRequest("impulsesPerUnit: must be a number above 0 and at most " + (long) MAX_IMPULSES
                    + " (impulses per kWh or m3 as printed on the meter), not " + shown(node));
        }
        return value;
    }

    private static double calorific(JsonNode node) {
        if (node.isNull()) {
            return 0;
        }
        double value = node.isNumber() ? node.doubleValue() : Double.NaN;
        if (!(value >= 0) || value > MAX_CALORIFIC) {
            throw ApiException.badRequest("calorificValue: must be kWh per m3 from 0 to " + (long) MAX_CALORIFIC
                    + " (e.g. 9.77 from the gas bill), not " + shown(node));
        }
        return value;
    }

    private static MeterReading reading(JsonNode node, Instant now) {
        if (node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("reading: must be an object {\"value\":12345.6,\"at\":\"2025-01-01T00:00:00+01:00\"} or null");
        }
        for (var names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!name.equals("value") && !name.equals("at")) {
                throw ApiException.badRequest("reading: unknown field '" + ApiException.quote(name) + "'; expected at, value");
            }
        }
        JsonNode value = node.get("value");
        double number = value != null && value.isNumber() ? value.doubleValue() : Double.NaN;
        if (!(number >= 0) || Double.isInfinite(number)) {
            throw ApiException.badRequest("reading.value: must be the meter's display, a number >= 0, not " + shown(value));
        }
        JsonNode at = node.get("at");
        Instant when;
        if (at == null || at.isNull()) {
            throw ApiException.badRequest("reading.at: required (when the display showed the value)");
        } else if (at.isIntegralNumber() || at.isTextual()) {
            when = EnergyParameters.instant("reading.at", at.asText(), LOCAL_ZONE);
        } else {
            throw ApiException.badRequest("reading.at: must be a time (ISO-8601, a local date-time or milliseconds since 1970), not " + shown(at));
        }
        if (when.isAfter(now.plusMillis(MAX_READING_AHEAD_MILLIS))) {
            throw ApiException.badRequest("reading.at: " + when + " is in the future");
        }
        return new MeterReading(number, when);
    }

    private static String shown(JsonNode node) {
        return node == null ? "nothing" : ApiException.quote(node.toString());
    }

    /**
     * The settings a configuration holds, read as leniently as the meter component reads them:
     * values may be strings (a {@code .cfg} file) or numbers (ConfigurationAdmin).
     *
     * @throws IllegalArgumentException if the configuration could not define a meter
     */
    static MeterSettings of(Dictionary<String, ?> properties) {
        int id = (int) number(properties, ID, 0);
        MeterKind kind = MeterKind.parse(string(properties, KIND, DEFAULT_KIND));
        double impulses = number(properties, IMPULSES, DEFAULT_IMPULSES);
        double calorific = number(properties, CALORIFIC, 0);
        MeterReading reading = null;
        if (properties.get(READING_VALUE) != null && properties.get(READING_AT) != null) {
            reading = new MeterReading(number(properties, READING_VALUE, 0), readingAt(string(properties, READING_AT, "")));
        }
        return new MeterSettings(id, string(properties, DESCRIPTION, ""), string(properties, LOCATION, ""), kind, impulses,
                calorific, reading);
    }

    private static Instant readingAt(String text) {
        try {
            return TimeParser.instant(text, LOCAL_ZONE);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(READING_AT + ": " + e.getMessage(), e);
        }
    }

    private static String string(Dictionary<String, ?> properties, String key, String fallback) {
        Object value = properties.get(key);
        return value == null ? fallback : value.toString().strip();
    }

    private static double number(Dictionary<String, ?> properties, String key, double fallback) {
        Object value = properties.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        return Double.parseDouble(value.toString().strip());
    }

    /**
     * These settings as configuration properties, on top of {@code existing} (which keeps keys
     * that are not a meter's, e.g. the file it came from). Values are strings, as in a
     * hand-written {@code .cfg} file, so the file and ConfigurationAdmin hold the same.
     */
    Hashtable<String, Object> properties(Dictionary<String, ?> existing) {
        Hashtable<String, Object> properties = new Hashtable<>();
        if (existing != null) {
            for (var keys = existing.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                if (!MANAGED_BY_CM.contains(key)) {
                    properties.put(key, existing.get(key));
                }
            }
        }
        properties.putAll(Map.of(ID, Integer.toString(id), DESCRIPTION, description, LOCATION, location, KIND, kind.toString(),
                IMPULSES, number(impulsesPerUnit)));
        if (calorificValue > 0) {
            properties.put(CALORIFIC, number(calorificValue));
        } else {
            properties.remove(CALORIFIC);
        }
        if (reading != null) {
            properties.put(READING_VALUE, number(reading.value()));
            properties.put(READING_AT, reading.at().toString());
        } else {
            properties.remove(READING_VALUE);
            properties.remove(READING_AT);
        }
        return properties;
    }

    /** 1000 rather than 1000.0: the way a person writes it in a file. */
    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
