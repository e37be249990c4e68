package org.emon.rest.internal;

/**
 * CSV as RFC 4180 writes it: a header line, CRLF line ends, fields with a comma, quote or line
 * break in double quotes (quotes doubled), an absent value as an empty field.
 */
final class Csv {

    /** The type answered; {@code header=present} is RFC 4180's parameter for the header line. */
    static final String TYPE = "text/csv; charset=UTF-8; header=present";
    /** For {@code @Produces}: JSON stays the answer to {@code Accept: *}{@code /*}. */
    static final String PRODUCES = "text/csv;qs=0.5";

    private final StringBuilder text = new StringBuilder();

    Csv(String... header) {
        row((Object[]) header);
    }

    /** Appends a row; {@code null} becomes an empty field. */
    Csv row(Object... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(field(fields[i]));
        }
        text.append("\r\n");
        return this;
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        String s = value instanceof Double d ? MeterSettings.number(d) : value.toString();
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
