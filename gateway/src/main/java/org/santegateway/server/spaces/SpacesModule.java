package org.santegateway.server.spaces;

import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.webadmin.Routes;
import org.santegateway.conversation.PatientSpaceStates;
import org.santegateway.server.settings.GatewayProperties;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * The patient spaces' lifecycle: the store and its transitions ({@link PatientSpaces}, which the conversation gate asks
 * whether a patient receives mail), its WebAdmin routes under {@code /gateway/patient-spaces}, and the job of the
 * clock-driven transitions.
 */
public class SpacesModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(PatientSpaces.class).in(Scopes.SINGLETON);
        bind(PatientSpaceStates.class).to(PatientSpaces.class);
        bind(SpaceNotices.class).in(Scopes.SINGLETON);
        bind(PatientSpaceJob.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(PatientSpaceRoutes.class);
    }

    @Provides
    @Singleton
    SpaceSettings spaceSettings(GatewayProperties properties) {
        return SpaceSettings.from(properties);
    }

    @ProvidesIntoSet
    InitializationOperation startPatientSpaceJob(PatientSpaceJob job) {
        return InitilizationOperationBuilder
            .forClass(PatientSpaceJob.class)
            .init(job::start);
    }
}
