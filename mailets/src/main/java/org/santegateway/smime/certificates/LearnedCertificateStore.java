package org.santegateway.smime.certificates;

import java.io.IOException;
import java.util.Map;

/** Where the certificate directory keeps what it learns, so that a restart does not forget it. */
public interface LearnedCertificateStore {
    /** Keeps nothing: the directory learns for the life of the process only. */
    LearnedCertificateStore IN_MEMORY = new LearnedCertificateStore() {
        @Override
        public Map<String, LearnedCertificate> loadAll() {
            return Map.of();
        }

        @Override
        public void save(String address, LearnedCertificate learned) {
        }
    };

    /** Everything kept, by lower-case address. Unreadable entries are skipped with a log line. */
    Map<String, LearnedCertificate> loadAll() throws IOException;

    /** Keeps (or replaces) the entry of the address. */
    void save(String address, LearnedCertificate learned) throws IOException;
}
