package org.emon.source.gpio.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * A {@link GpioConfig} over raw properties, converted as Felix SCR does: an absent key gives the
 * annotation's default (or 0), text that is not a number fails on the call.
 */
final class TestConfig {

    private TestConfig() {
    }

    static GpioConfig of(Map<String, ?> properties) {
        return (GpioConfig) Proxy.newProxyInstance(GpioConfig.class.getClassLoader(), new Class<?>[] { GpioConfig.class }, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "TestConfig" + properties;
                };
            }
            if (method.getName().equals("annotationType")) {
                return GpioConfig.class;
            }
            String key = method.getName().replace('_', '.');
            Object raw = properties.get(key);
            Class<?> type = method.getReturnType();
            if (raw == null) {
                Object fallback = method.getDefaultValue();
                return fallback != null ? fallback : type == int.class ? (Object) 0 : type == double.class ? (Object) 0.0 : null;
            }
            String text = raw.toString().trim();
            if (type == int.class) {
                return Integer.parseInt(text);
            }
            if (type == double.class) {
                return Double.parseDouble(text);
            }
            return text;
        });
    }
}
