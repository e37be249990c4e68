package org.emon.mqtt.internal;

/**
 * Where emon publishes: {@code <prefix>/meter/<id>/<quantity>} for states,
 * {@code <prefix>/availability} for online/offline, and Home Assistant's
 * {@code <discovery>/sensor/<node>/<object>/config} for discovery.
 */
record Topics(String prefix, String discovery, String node) {

    static final String ONLINE = "online";
    static final String OFFLINE = "offline";

    static Topics of(String prefix, String discovery) {
        String p = trimSlashes(prefix);
        if (p.isEmpty() || p.contains("+") || p.contains("#")) {
            throw new IllegalArgumentException("topic.prefix must be a topic without wildcards, not '" + prefix + "'");
        }
        String d = trimSlashes(discovery);
        if (d.contains("+") || d.contains("#")) {
            throw new IllegalArgumentException("discovery.prefix must be a topic without wildcards, not '" + discovery + "'");
        }
        return new Topics(p, d, id(p));
    }

    /** Discovery is off when its prefix is empty. */
    boolean discoveryOn() {
        return !discovery.isEmpty();
    }

    String state(int meterId, Quantity quantity) {
        return prefix + "/meter/" + meterId + "/" + quantity.key();
    }

    String availability() {
        return prefix + "/availability";
    }

    /** The object id: node, meter and quantity, e.g. {@code emon_meter21_total}; also the unique id. */
    String object(int meterId, Quantity quantity) {
        return node + "_meter" + meterId + "_" + quantity.key();
    }

    String config(int meterId, Quantity quantity) {
        return discovery + "/sensor/" + node + "/" + object(meterId, quantity) + "/config";
    }

    /** Every discovery config of this node, for a subscription that finds those of removed meters. */
    String allConfigs() {
        return discovery + "/sensor/" + node + "/+/config";
    }

    /** Where Home Assistant says {@code online} when it (re)starts. */
    String homeAssistantStatus() {
        return discovery + "/status";
    }

    /** Home Assistant's ids allow [a-zA-Z0-9_-] only. */
    static String id(String text) {
        return text.replaceAll("[^a-zA-Z0-9_-]", "_");
    }

    private static String trimSlashes(String topic) {
        String t = topic == null ? "" : topic.trim();
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }
}
