package org.emon.aggregation.internal;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the peak tariff applies, in local wall-clock time: rules such as {@code mon-fri 07:00-23:00},
 * comma separated. A rule's days are a day ({@code sat}), a range ({@code mon-fri}, {@code fri-mon}
 * wraps round the week) or absent (every day); its times are {@code HH:MM-HH:MM}, start included,
 * end excluded, {@code 24:00} allowed as an end. An end at or before the start runs into the next
 * day: {@code mon-fri 22:00-06:00} is Monday 22:00 to Tuesday 06:00 ... Friday 22:00 to Saturday 06:00.
 */
final class TariffStrategySchedule {

    private static final Pattern RULE = Pattern.compile("(?:([a-z]+)(?:\\s*-\\s*([a-z]+))?\\s+)?(\\d{1,2}:\\d{2})\\s*-\\s*(\\d{1,2}:\\d{2})");
    private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})");
    private static final int DAY_MINUTES = 24 * 60;

    /** One rule: peak on {@code days} from {@code start} to {@code end}, in minutes of the day. */
    record Rule(Set<DayOfWeek> days, int start, int end) {

        boolean matches(DayOfWeek day, int minute) {
            if (start < end) {
                return days.contains(day) && minute >= start && minute < end;
            }
            // past midnight: the evening part on a listed day, the morning part on the day after one
            return days.contains(day) && minute >= start || days.contains(day.minus(1)) && minute < end;
        }
    }

    private final String text;
    private final List<Rule> rules;
    private final List<LocalTime> boundaries;

    private TariffStrategySchedule(String text, List<Rule> rules) {
        this.text = text;
        this.rules = List.copyOf(rules);
        TreeSet<LocalTime> times = new TreeSet<>();
        for (Rule rule : rules) {
            times.add(LocalTime.ofSecondOfDay(rule.start() % DAY_MINUTES * 60L));
            times.add(LocalTime.ofSecondOfDay(rule.end() % DAY_MINUTES * 60L));
        }
        this.boundaries = List.copyOf(times);
    }

    /**
     * Parses a schedule; an empty one means the peak tariff never applies.
     *
     * @throws IllegalArgumentException naming the {@code peak} key and the rule that is wrong
     */
    static TariffStrategySchedule parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        List<Rule> rules = new ArrayList<>();
        if (!trimmed.isEmpty()) {
            for (String part : trimmed.split(",")) {
                rules.add(rule(part.trim().toLowerCase(Locale.ROOT)));
            }
        }
        return new TariffStrategySchedule(trimmed, rules);
    }

    private static Rule rule(String text) {
        Matcher m = RULE.matcher(text);
        if (!m.matches()) {
            throw bad(text, "expected [days] HH:MM-HH:MM, e.g. mon-fri 07:00-23:00");
        }
        Set<DayOfWeek> days;
        if (m.group(1) == null || m.group(1).equals("daily") && m.group(2) == null) {
            days = EnumSet.allOf(DayOfWeek.class);
        } else {
            DayOfWeek first = day(m.group(1), text);
            DayOfWeek last = m.group(2) == null ? first : day(m.group(2), text);
            days = EnumSet.noneOf(DayOfWeek.class);
            for (DayOfWeek d = first; ; d = d.plus(1)) {
                days.add(d);
                if (d == last) {
                    break;
                }
            }
        }
        int start = minutes(m.group(3), text);
        int end = minutes(m.group(4), text);
        if (start == DAY_MINUTES) {
            throw bad(text, "24:00 can only end a range");
        }
        if (start == end % DAY_MINUTES && (start != 0 || end == 0)) {
            throw bad(text, "the range is empty; a whole day is 00:00-24:00");
        }
        return new Rule(days, start, end);
    }

    private static DayOfWeek day(String name, String rule) {
        for (DayOfWeek day : DayOfWeek.values()) {
            String full = day.name().toLowerCase(Locale.ROOT);
            if (name.length() >= 3 && full.startsWith(name)) {
                return day;
            }
        }
        throw bad(rule, "'" + name + "' is not a day: use mon, tue, wed, thu, fri, sat, sun, a range such as mon-fri, or daily");
    }

    private static int minutes(String time, String rule) {
        Matcher m = TIME.matcher(time);
        if (m.matches()) {
            int hours = Integer.parseInt(m.group(1));
            int minutes = Integer.parseInt(m.group(2));
            if (minutes < 60 && (hours < 24 || hours == 24 && minutes == 0)) {
                return hours * 60 + minutes;
            }
        }
        throw bad(rule, "time " + time + " is not HH:MM between 00:00 and 24:00");
    }

    private static IllegalArgumentException bad(String rule, String why) {
        return new IllegalArgumentException("peak: rule '" + rule + "': " + why);
    }

    /** Whether the peak tariff applies at this local date and time. */
    boolean isPeak(LocalDateTime local) {
        int minute = local.getHour() * 60 + local.getMinute();
        DayOfWeek day = local.getDayOfWeek();
        for (Rule rule : rules) {
            if (rule.matches(day, minute)) {
                return true;
            }
        }
        return false;
    }

    /** The local times of day at which the tariff may change (besides midnight). */
    List<LocalTime> boundaries() {
        return boundaries;
    }

    List<Rule> rules() {
        return rules;
    }

    @Override
    public String toString() {
        return text;
    }
}
