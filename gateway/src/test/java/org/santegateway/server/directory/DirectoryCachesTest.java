package org.santegateway.server.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.core.quota.QuotaCountLimit;
import org.apache.james.core.quota.QuotaSizeLimit;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.apache.james.mailbox.jpa.quota.JPAPerUserMaxQuotaDAO;
import org.apache.james.mailbox.model.Quota;
import org.apache.james.mailbox.model.QuotaRoot;
import org.apache.james.mailbox.quota.MaxQuotaManager.QuotaDetails;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.conversation.PatientDomains;
import org.santegateway.server.persistence.CachedJpaMaxQuotaManager;
import org.santegateway.server.persistence.DatabaseConfiguration;
import org.santegateway.server.persistence.ManagedEntityManagerFactory;
import org.santegateway.server.persistence.StorageDirectories;
import org.santegateway.server.users.PatientAccountsUsersRepository;

import reactor.core.publisher.Mono;

/**
 * Directory answers are cached, and the cache never hides a change: made through this node it is
 * seen at once, made by another node sharing the database it is seen after the maximum age.
 */
class DirectoryCachesTest {
    private static final Duration SHORT = Duration.ofMillis(300);

    @TempDir
    static Path var;
    static ManagedEntityManagerFactory database;

    @BeforeAll
    static void open() {
        database = new ManagedEntityManagerFactory(DatabaseConfiguration.embeddedDerby(new StorageDirectories(var)));
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Nested
    class Cache {
        @Test
        void answersFromTheCacheUntilInvalidated() {
            DirectoryCache<String, Boolean> cache = new DirectoryCache<>(Duration.ofMinutes(1));
            AtomicInteger loads = new AtomicInteger();

            assertThat(cache.get("a", key -> loads.incrementAndGet() > 0)).isTrue();
            assertThat(cache.get("a", key -> loads.incrementAndGet() > 0)).isTrue();
            assertThat(loads).hasValue(1);

            cache.invalidateAll();
            cache.get("a", key -> loads.incrementAndGet() > 0);
            assertThat(loads).hasValue(2);
        }

        @Test
        void anAnswerLoadedWhileAChangeWasMadeIsNotKept() {
            DirectoryCache<String, Boolean> cache = new DirectoryCache<>(Duration.ofMinutes(1));

            boolean stale = cache.get("a", key -> {
                cache.invalidateAll();
                return false;
            });

            assertThat(stale).isFalse();
            assertThat(cache.peek("a")).isEmpty();
        }

        @Test
        void aZeroMaximumAgeTurnsCachingOff() {
            DirectoryCache<String, Boolean> cache = new DirectoryCache<>(Duration.ZERO);
            AtomicInteger loads = new AtomicInteger();

            cache.get("a", key -> loads.incrementAndGet() > 0);
            cache.get("a", key -> loads.incrementAndGet() > 0);

            assertThat(loads).hasValue(2);
        }
    }

    @Nested
    class Domains {
        @Test
        void aDomainAddedOrRemovedThroughThisNodeIsSeenAtOnce() throws Exception {
            CachedJpaDomainList node = domainList(Duration.ofMinutes(10));
            Domain domain = Domain.of("added-here.test");

            assertThat(node.containsDomain(domain)).isFalse();
            node.addDomain(domain);
            assertThat(node.containsDomain(domain)).isTrue();
            node.removeDomain(domain);
            assertThat(node.containsDomain(domain)).isFalse();
        }

        @Test
        void aDomainAddedByAnotherNodeIsSeenAfterTheMaximumAge() throws Exception {
            CachedJpaDomainList node = domainList(SHORT);
            CachedJpaDomainList other = domainList(SHORT);
            Domain domain = Domain.of("added-elsewhere.test");
            assertThat(node.containsDomain(domain)).isFalse();

            other.addDomain(domain);

            await().atMost(Duration.ofSeconds(5)).until(() -> node.containsDomain(domain));
        }

        private CachedJpaDomainList domainList(Duration maxAge) throws Exception {
            CachedJpaDomainList domainList = new CachedJpaDomainList(null, database.entityManagerFactory(), new DirectoryCacheSettings(maxAge));
            domainList.configure(DomainListConfiguration.builder().autoDetect(false).autoDetectIp(false).build());
            return domainList;
        }
    }

    @Nested
    class AddressMappings {
        @Test
        void aMappingAddedOrRemovedThroughThisNodeIsSeenAtOnce() throws Exception {
            CachedJpaRecipientRewriteTable table = new CachedJpaRecipientRewriteTable(new DirectoryCacheSettings(Duration.ofMinutes(10)));
            table.setEntityManagerFactory(database.entityManagerFactory());
            MappingSource source = MappingSource.fromUser("secretariat", Domain.of("hopital.test"));
            Mapping mapping = Mapping.address("dr.martin@hopital.test");

            assertThat(table.getStoredMappings(source).isEmpty()).isTrue();
            table.addMapping(source, mapping);
            assertThat(table.getStoredMappings(source).asStream()).containsExactly(mapping);
            table.removeMapping(source, mapping);
            assertThat(table.getStoredMappings(source).isEmpty()).isTrue();
        }
    }

    @Nested
    class Accounts {
        @Test
        void anAccountAddedOrRemovedThroughThisNodeIsSeenAtOnce() throws Exception {
            MemoryDomainList domains = new MemoryDomainList(null);
            domains.configure(DomainListConfiguration.builder().autoDetect(false).autoDetectIp(false).build());
            domains.addDomain(Domain.of("hopital.test"));
            PatientAccountsUsersRepository users = new PatientAccountsUsersRepository(
                MemoryUsersRepository.withVirtualHosting(domains), PatientDomains.of(Domain.of("patient.test")),
                new DirectoryCacheSettings(Duration.ofMinutes(10)));
            Username doctor = Username.of("dr.martin@hopital.test");

            assertThat(users.contains(doctor)).isFalse();
            assertThat(Mono.from(users.containsReactive(doctor)).block()).isFalse();
            users.addUser(doctor, "a long password");
            assertThat(users.contains(doctor)).isTrue();
            assertThat(Mono.from(users.containsReactive(doctor)).block()).isTrue();
            users.removeUser(doctor);
            assertThat(users.contains(doctor)).isFalse();
            assertThat(Mono.from(users.containsReactive(doctor)).block()).isFalse();
        }
    }

    @Nested
    class QuotaLimits {
        private final Domain domain = Domain.of("cabinet-quota.test");
        private final QuotaRoot root = QuotaRoot.quotaRoot("#private&dr.martin@cabinet-quota.test", Optional.of(domain));

        @Test
        void limitsChangedThroughThisNodeAreSeenAtOnceByTheQuotaChecks() throws Exception {
            CachedJpaMaxQuotaManager node = quotas(Duration.ofMinutes(10));
            assertThat(node.quotaDetails(root).getMaxMessageDetails()).isEmpty();

            node.setMaxMessage(root, QuotaCountLimit.count(100));
            node.setDomainMaxStorage(domain, QuotaSizeLimit.size(5_000));
            node.setGlobalMaxMessage(QuotaCountLimit.count(1_000));

            QuotaDetails details = Mono.from(node.quotaDetailsReactive(root)).block();
            assertThat(details.getMaxMessageDetails()).isEqualTo(Map.of(
                Quota.Scope.User, QuotaCountLimit.count(100), Quota.Scope.Global, QuotaCountLimit.count(1_000)));
            assertThat(node.listMaxStorageDetails(root)).isEqualTo(Map.of(Quota.Scope.Domain, QuotaSizeLimit.size(5_000)));
            assertThat(node.getMaxMessage(root)).contains(QuotaCountLimit.count(100));

            node.removeMaxMessage(root);
            Mono.from(node.removeDomainMaxStorageReactive(domain)).block();
            node.removeGlobalMaxMessage();

            assertThat(node.quotaDetails(root).getMaxMessageDetails()).isEmpty();
            assertThat(Mono.from(node.quotaDetailsReactive(root)).block().getMaxStorageDetails()).isEmpty();
        }

        @Test
        void limitsChangedByAnotherNodeAreSeenAfterTheMaximumAge() {
            CachedJpaMaxQuotaManager node = quotas(SHORT);
            CachedJpaMaxQuotaManager other = quotas(SHORT);
            assertThat(node.listMaxStorageDetails(root)).isEmpty();

            other.setMaxStorage(root, QuotaSizeLimit.size(2_000));

            await().atMost(Duration.ofSeconds(5))
                .until(() -> node.listMaxStorageDetails(root).equals(Map.of(Quota.Scope.User, QuotaSizeLimit.size(2_000))));
            other.removeMaxStorage(root);
        }

        private CachedJpaMaxQuotaManager quotas(Duration maxAge) {
            return new CachedJpaMaxQuotaManager(database.entityManagerFactory(),
                new JPAPerUserMaxQuotaDAO(database.entityManagerFactory()), new DirectoryCacheSettings(maxAge));
        }
    }
}
