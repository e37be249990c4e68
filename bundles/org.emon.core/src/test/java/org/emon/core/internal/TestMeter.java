package org.emon.core.internal;

import org.emon.api.Meter;
import org.emon.api.MeterKind;

record TestMeter(int id, String description, String location, MeterKind kind, double impulsesPerUnit) implements Meter {

    static TestMeter electricity(int id, double impulsesPerKwh) {
        return new TestMeter(id, "meter " + id, "test", MeterKind.ELECTRICITY, impulsesPerKwh);
    }
}
