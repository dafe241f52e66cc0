package org.santegateway.server.cluster;

import java.util.List;

import javax.inject.Inject;

import org.apache.james.events.EventBus;
import org.apache.james.events.EventDeadLetters;
import org.apache.james.events.Group;
import org.apache.james.utils.GuiceProbe;

/** The event bus of a node, for tests: which groups it consumes, and which groups have failed events. */
public class EventBusProbe implements GuiceProbe {
    private final EventBus eventBus;
    private final EventDeadLetters deadLetters;

    @Inject
    public EventBusProbe(EventBus eventBus, EventDeadLetters deadLetters) {
        this.eventBus = eventBus;
        this.deadLetters = deadLetters;
    }

    public String eventBusClass() {
        return eventBus.getClass().getName();
    }

    public List<String> registeredGroups() {
        return eventBus.listRegisteredGroups().stream().map(Group::asString).sorted().toList();
    }

    public List<String> groupsWithFailedEvents() {
        return deadLetters.groupsWithFailedEvents().map(Group::asString).collectList().block();
    }
}
