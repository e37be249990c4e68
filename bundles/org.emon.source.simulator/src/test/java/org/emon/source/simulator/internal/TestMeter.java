package org.emon.source.simulator.internal;

import org.emon.api.Meter;
import org.emon.api.MeterKind;

record TestMeter(int id, String description, String location, MeterKind kind, double impulsesPerUnit) implements Meter {

    static TestMeter of(int id, MeterKind kind, double impulsesPerUnit) {
        return new TestMeter(id, "", "", kind, impulsesPerUnit);
    }
}
