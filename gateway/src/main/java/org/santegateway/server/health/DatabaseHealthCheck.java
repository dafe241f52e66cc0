package org.santegateway.server.health;

import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The embedded database answers a query (users, domains, mailboxes, the mail repositories live in it). */
public class DatabaseHealthCheck implements HealthCheck {
    static final ComponentName COMPONENT = new ComponentName("Database");

    private final EntityManagerFactory entityManagerFactory;

    @Inject
    public DatabaseHealthCheck(EntityManagerFactory entityManagerFactory) {
        this.entityManagerFactory = entityManagerFactory;
    }

    @Override
    public ComponentName componentName() {
        return COMPONENT;
    }

    @Override
    public Publisher<Result> check() {
        return Mono.fromCallable(this::query)
            .onErrorResume(e -> Mono.just(Result.unhealthy(COMPONENT, "the database does not answer: " + e.getClass().getSimpleName(), e)))
            .subscribeOn(Schedulers.boundedElastic());
    }

    private Result query() {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            entityManager.createQuery("SELECT COUNT(domain) FROM JamesDomain domain").getSingleResult();
            return Result.healthy(COMPONENT);
        } finally {
            entityManager.close();
        }
    }
}
