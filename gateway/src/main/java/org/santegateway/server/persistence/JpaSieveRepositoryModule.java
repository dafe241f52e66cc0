package org.santegateway.server.persistence;

import org.apache.james.sieve.jpa.JPASieveRepository;
import org.apache.james.sieverepository.api.SieveQuotaRepository;
import org.apache.james.sieverepository.api.SieveRepository;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/**
 * Users' Sieve filtering scripts and their quota, kept in the database ({@link JPASieveRepository}); used by the
 * {@code Sieve} mailet, the JMX management beans and the WebAdmin Sieve routes.
 */
public class JpaSieveRepositoryModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(JPASieveRepository.class).in(Scopes.SINGLETON);
        bind(SieveRepository.class).to(JPASieveRepository.class);
        bind(SieveQuotaRepository.class).to(JPASieveRepository.class);
    }
}
