package org.santegateway.agenda;

import java.util.Map;

import org.santegateway.dmp.Ins;

/**
 * Where patients' statuses are kept: the latest mark of each item, per patient. The gateway
 * implements it on its database; {@link InMemoryPreventionStatuses} is the reference semantics.
 * Marks are kept by rule id and occurrence, so the ids of the table must not change between
 * versions (a renamed id starts again from "not specified").
 */
public interface PreventionStatuses {
    /** The latest mark of each item the patient marked. */
    Map<PreventionItemKey, PreventionStatusMark> marksOf(Ins patient);

    /** Records a mark, replacing the item's previous one. */
    void mark(Ins patient, PreventionStatusMark mark);
}
