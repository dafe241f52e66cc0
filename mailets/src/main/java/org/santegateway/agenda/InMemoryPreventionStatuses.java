package org.santegateway.agenda;

import java.util.HashMap;
import java.util.Map;

import org.santegateway.dmp.Ins;

/** {@link PreventionStatuses} in memory, one lock for everything: for tests and tools. */
public class InMemoryPreventionStatuses implements PreventionStatuses {
    private final Map<Ins, Map<PreventionItemKey, PreventionStatusMark>> marks = new HashMap<>();

    @Override
    public synchronized Map<PreventionItemKey, PreventionStatusMark> marksOf(Ins patient) {
        return Map.copyOf(marks.getOrDefault(patient, Map.of()));
    }

    @Override
    public synchronized void mark(Ins patient, PreventionStatusMark mark) {
        marks.computeIfAbsent(patient, key -> new HashMap<>()).put(mark.item(), mark);
    }
}
