package org.santegateway.server.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.stream.Stream;

import javax.mail.Flags;
import javax.persistence.EntityManagerFactory;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxPathLocker.LockType;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.jpa.mail.model.JPAMailbox;
import org.apache.james.mailbox.jpa.mail.model.openjpa.JPAMailboxMessage;
import org.apache.james.mailbox.model.ByteContent;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.mailbox.store.JVMMailboxPathLocker;
import org.apache.james.mailbox.store.mail.MailboxMapper;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.mail.model.impl.PropertyBuilder;
import org.santegateway.delivery.QueueItem;
import org.santegateway.server.delivery.JpaDeliveredQueueItems;
import org.santegateway.server.persistence.DatabaseConfiguration;
import org.santegateway.server.persistence.DeliveryRecordingMapperFactory;
import org.santegateway.server.persistence.ManagedEntityManagerFactory;
import org.santegateway.server.persistence.UidAllocation;

/**
 * Embedded Derby against embedded H2 (2.x, file mode) under the gateway's message store: the same persistence unit,
 * OpenJPA, James's JPA entities and the gateway's mappers ({@link DeliveryRecordingMapperFactory}, whose message
 * mapper is a {@code SharedMailboxMessageMapper}), the factory opened by {@link ManagedEntityManagerFactory} as the
 * gateway opens it (schema by OpenJPA's SynchronizeMappings, then the gateway's mailbox indexes). Not a test: run it
 * by hand.
 *
 * <p>Delivery: each message is appended as James's {@code StoreMessageManager} appends it, under the mailbox's JVM
 * write lock, in one mapper transaction (message, flags, MIME properties and the delivered-queue-item record), its
 * UID and mod-sequence each taken in a transaction of their own by James's providers: three commits per message.
 * 10 KB and 100 KB messages (base64 lines, as S/MIME mail is); 1 writer, 4 writers on one mailbox (serialised by the
 * lock, as in the gateway) and 4 writers on 4 mailboxes. Reading: the newest 50 messages' headers (with flags and
 * properties) of a 20 000-message mailbox, as an IMAP FETCH of a mail client asks for them. Not measured: MIME parsing,
 * events, quota and search indexing, which are the same whatever the database.</p>
 *
 * <p>Engines: {@code derby} (the gateway's default: durable, the transaction log written through to the disk at each
 * commit), {@code h2} (H2's defaults: commits reach the file after up to {@code WRITE_DELAY}, 500 ms, and are never
 * forced to the disk) and {@code h2-sync} (H2 with {@code WRITE_DELAY=0} and a {@code CHECKPOINT SYNC}, an fsync of
 * the file, after every commit: the closest H2 comes to Derby's durability). H2 2.x needs {@code NON_KEYWORDS=VALUE}
 * in its URL: James's annotation table has a column named {@code VALUE}, a reserved word since H2 2.0.</p>
 *
 * <p>Each measurement runs in a fresh JVM (this class started again as a child process, one at a time), after a
 * warm-up; the engines take turns within each round and the order alternates between rounds. Prints, per case and
 * engine, the medians over the rounds of messages per second, process CPU (every thread, the database's own
 * included) per message, and the database's size on disk once closed.</p>
 *
 * <pre>
 * mvn -B -o -q -pl gateway -am test-compile -DskipTests
 * mvn -B -o -q -pl gateway dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp gateway/target/test-classes:gateway/target/classes:mailets/target/classes:$(cat /tmp/cp.txt) \
 *     org.santegateway.server.bench.EmbeddedDatabaseBenchmark DIR [rounds=3] [messages per run=1000]
 *     [messages in the read mailbox=20000] [engines=derby,h2,h2-sync]
 * </pre>
 * DIR holds the databases (emptied per append run; the read mailboxes are filled once and reused by a later run).
 * One run of a single case, for instance under {@code strace -f -c -e trace=fsync,fdatasync,pwrite64,write}:
 * {@code ... EmbeddedDatabaseBenchmark child append ENGINE DIR SIZE WRITERS MAILBOXES COUNT}.
 */
public final class EmbeddedDatabaseBenchmark {
    private static final String USER = "dr.base@grand-cabinet.test";
    private static final int WARM_UP_MESSAGES = 200;
    private static final int READ_WARM_UP = 20;
    private static final int READS = 50;
    private static final int NEWEST = 50;
    private static final int FILL_SIZE = 10 * 1024;

    private EmbeddedDatabaseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("child")) {
            child(Arrays.copyOfRange(args, 1, args.length));
        } else {
            orchestrate(args);
        }
        // OpenJPA and Derby leave non-daemon threads behind.
        System.exit(0);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The engines

    enum Engine {
        DERBY("derby"), H2("h2"), H2_SYNC("h2-sync");

        final String label;

        Engine(String label) {
            this.label = label;
        }

        static Engine of(String label) {
            return Arrays.stream(values()).filter(engine -> engine.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown engine " + label));
        }

        DatabaseConfiguration configuration(Path directory) {
            return switch (this) {
                // As the gateway builds it without james-database.properties (DatabaseConfiguration.embeddedDerby).
                case DERBY -> new DatabaseConfiguration(DatabaseConfiguration.DERBY_EMBEDDED_DRIVER,
                    "jdbc:derby:" + directory.toAbsolutePath().resolve("derby") + ";create=true",
                    Optional.empty(), Optional.empty(), Map.of());
                case H2 -> new DatabaseConfiguration("org.h2.Driver",
                    "jdbc:h2:file:" + directory.toAbsolutePath().resolve("h2") + ";NON_KEYWORDS=VALUE",
                    Optional.empty(), Optional.empty(), Map.of());
                case H2_SYNC -> new DatabaseConfiguration(SyncOnCommitH2Driver.class.getName(),
                    SyncOnCommitH2Driver.PREFIX + "file:" + directory.toAbsolutePath().resolve("h2")
                        + ";NON_KEYWORDS=VALUE;WRITE_DELAY=0",
                    Optional.empty(), Optional.empty(), Map.of());
            };
        }
    }

    /**
     * H2's driver, but every {@link Connection#commit()} is followed by {@code CHECKPOINT SYNC} (the file forced to
     * the disk): H2 2.x has no setting for a durable commit. URLs {@value #PREFIX}... are H2's {@code jdbc:h2:...}.
     */
    public static final class SyncOnCommitH2Driver implements Driver {
        static final String PREFIX = "jdbc:h2sync:";

        private final Driver h2 = new org.h2.Driver();

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            if (!acceptsURL(url)) {
                return null;
            }
            Connection connection = h2.connect("jdbc:h2:" + url.substring(PREFIX.length()), info);
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, arguments) -> {
                    try {
                        Object result = method.invoke(connection, arguments);
                        if (method.getName().equals("commit") && method.getParameterCount() == 0) {
                            try (Statement sync = connection.createStatement()) {
                                sync.execute("CHECKPOINT SYNC");
                            }
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        }

        @Override
        public boolean acceptsURL(String url) {
            return url != null && url.startsWith(PREFIX);
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
            return h2.getPropertyInfo(url, info);
        }

        @Override
        public int getMajorVersion() {
            return h2.getMajorVersion();
        }

        @Override
        public int getMinorVersion() {
            return h2.getMinorVersion();
        }

        @Override
        public boolean jdbcCompliant() {
            return h2.jdbcCompliant();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return h2.getParentLogger();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The orchestrating process: one child JVM per measurement, one at a time

    private record Case(String name, int size, int writers, int mailboxes) {
    }

    private static void orchestrate(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int messages = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int readMailbox = args.length > 3 ? Integer.parseInt(args[3]) : 20_000;
        List<Engine> engines = args.length > 4
            ? Arrays.stream(args[4].split(",")).map(Engine::of).toList()
            : List.of(Engine.values());
        Files.createDirectories(root);
        System.out.printf(Locale.ROOT, "Java %s, %d processor(s); %d rounds, %d messages per append run%n",
            System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), rounds, messages);

        List<Case> cases = List.of(
            new Case("10 KB, 1 writer", 10 * 1024, 1, 1),
            new Case("10 KB, 4 writers, 1 mailbox", 10 * 1024, 4, 1),
            new Case("10 KB, 4 writers, 4 mailboxes", 10 * 1024, 4, 4),
            new Case("100 KB, 1 writer", 100 * 1024, 1, 1),
            new Case("100 KB, 4 writers, 1 mailbox", 100 * 1024, 4, 1),
            new Case("100 KB, 4 writers, 4 mailboxes", 100 * 1024, 4, 4));
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (Case test : cases) {
                for (Engine engine : ordered(engines, round)) {
                    Path directory = root.resolve("append-" + engine.label);
                    delete(directory);
                    Files.createDirectories(directory);
                    double[] result = runChild("append", engine.label, directory.toString(), Integer.toString(test.size()),
                        Integer.toString(test.writers()), Integer.toString(test.mailboxes()), Integer.toString(messages));
                    results.computeIfAbsent(test.name() + "|" + engine.label, key -> new ArrayList<>()).add(result);
                    System.out.printf(Locale.ROOT, "  round %d  %-32s %-8s %7.1f msg/s  %6.2f CPU ms/msg  %7.1f MB%n",
                        round + 1, test.name(), engine.label, result[0], result[1], result[2] / 1e6);
                    delete(directory);
                }
            }
        }

        Map<String, List<double[]>> reads = new LinkedHashMap<>();
        for (Engine engine : engines) {
            Path directory = root.resolve("read-" + engine.label + "-" + readMailbox);
            Files.createDirectories(directory);
            double[] fill = runChild("fill", engine.label, directory.toString(), Integer.toString(readMailbox));
            if (fill[0] > 0) {
                System.out.printf(Locale.ROOT, "  filled %s with %d messages of 10 KB: %.1f msg/s, %.2f CPU ms/msg%n",
                    engine.label, readMailbox, fill[0], fill[1]);
            }
        }
        for (int round = 0; round < rounds; round++) {
            for (Engine engine : ordered(engines, round)) {
                Path directory = root.resolve("read-" + engine.label + "-" + readMailbox);
                double[] result = runChild("read", engine.label, directory.toString());
                reads.computeIfAbsent(engine.label, key -> new ArrayList<>()).add(result);
                System.out.printf(Locale.ROOT, "  round %d  read newest %d headers  %-8s %6.2f ms  %6.2f CPU ms  %7.1f MB%n",
                    round + 1, NEWEST, engine.label, result[0], result[1], result[2] / 1e6);
            }
        }

        System.out.printf(Locale.ROOT, "%nAppend, one transaction per message (medians of %d runs of %d messages)%n", rounds, messages);
        System.out.printf(Locale.ROOT, "%-32s %-8s %9s %12s %16s%n", "case", "engine", "msg/s", "CPU ms/msg", "DB size MB");
        results.forEach((key, runs) -> {
            String[] parts = key.split("\\|");
            System.out.printf(Locale.ROOT, "%-32s %-8s %9.1f %12.2f %16.1f%n", parts[0], parts[1],
                median(runs, 0), median(runs, 1), median(runs, 2) / 1e6);
        });
        System.out.printf(Locale.ROOT, "%nRead the newest %d messages' headers of a %d-message mailbox (medians of %d runs, each the median of %d reads)%n",
            NEWEST, readMailbox, rounds, READS);
        System.out.printf(Locale.ROOT, "%-8s %12s %12s %16s%n", "engine", "ms/read", "CPU ms/read", "DB size MB");
        reads.forEach((engine, runs) -> System.out.printf(Locale.ROOT, "%-8s %12.2f %12.2f %16.1f%n", engine,
            median(runs, 0), median(runs, 1), median(runs, 2) / 1e6));
    }

    private static List<Engine> ordered(List<Engine> engines, int round) {
        List<Engine> order = new ArrayList<>(engines);
        if (round % 2 == 1) {
            java.util.Collections.reverse(order);
        }
        return order;
    }

    private static double median(List<double[]> runs, int index) {
        double[] values = runs.stream().mapToDouble(run -> run[index]).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /** Runs this class as a child JVM; returns the numbers of its {@code RESULT} line. */
    private static double[] runChild(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
            "-cp", System.getProperty("java.class.path"), EmbeddedDatabaseBenchmark.class.getName(), "child"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        double[] result = null;
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("RESULT ")) {
                    result = Arrays.stream(line.substring(7).trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
                } else {
                    output.add(line);
                }
            }
        }
        int status = process.waitFor();
        if (status != 0 || result == null) {
            output.forEach(System.out::println);
            throw new IllegalStateException("Child " + String.join(" ", arguments) + " failed (status " + status + ")");
        }
        return result;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The child process: one measurement

    private static void child(String[] args) throws Exception {
        Engine engine = Engine.of(args[1]);
        Path directory = Path.of(args[2]);
        switch (args[0]) {
            case "append" -> append(engine, directory, Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                Integer.parseInt(args[5]), Integer.parseInt(args[6]));
            case "fill" -> fill(engine, directory, Integer.parseInt(args[3]));
            case "read" -> read(engine, directory);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** The gateway's mailbox store on one database. */
    private static final class Store implements AutoCloseable {
        private final ManagedEntityManagerFactory managed;
        private final DeliveryRecordingMapperFactory mappers;
        private final JVMMailboxPathLocker locker = new JVMMailboxPathLocker();
        private final AtomicInteger sessions = new AtomicInteger();

        Store(Engine engine, Path directory) {
            managed = new ManagedEntityManagerFactory(engine.configuration(directory));
            EntityManagerFactory factory = managed.entityManagerFactory();
            mappers = new DeliveryRecordingMapperFactory(factory, new JPAUidProvider(factory), new JPAModSeqProvider(factory),
                new JpaDeliveredQueueItems(factory, null, Clock.systemUTC()), UidAllocation.SEPARATE_TRANSACTION);
        }

        MailboxSession session() {
            return new MailboxSession(MailboxSession.SessionId.of(sessions.incrementAndGet()), Username.of(USER),
                Optional.of(Username.of(USER)), List.of(), '.', MailboxSession.SessionType.System);
        }

        Mailbox mailbox(String name) throws Exception {
            MailboxSession session = session();
            MailboxMapper mapper = mappers.createMailboxMapper(session);
            try {
                MailboxPath path = new MailboxPath("#private", Username.of(USER), name);
                Mailbox existing = mapper.findMailboxByPath(path).block();
                if (existing != null) {
                    return existing;
                }
                return mapper.executeReactive(mapper.create(path, UidValidity.of(4242))).block();
            } finally {
                mapper.endRequest();
            }
        }

        /** One delivery into {@code mailbox}, as {@code StoreMessageManager.appendMessage} stores it. */
        void append(Mailbox mailbox, byte[] message, int bodyStart) throws Exception {
            PropertyBuilder properties = new PropertyBuilder();
            properties.setMediaType("text");
            properties.setSubType("plain");
            properties.setContentTypeParameters(Map.of("charset", "us-ascii"));
            properties.setContentTransferEncoding("7bit");
            properties.setTextualLineCount((long) ((message.length - bodyStart) / 78));
            MailboxMessage row = new JPAMailboxMessage(JPAMailbox.from(mailbox), new Date(), message.length, new Flags(Flags.Flag.RECENT),
                new ByteContent(message), bodyStart, properties);
            MessageMapper mapper = mappers.createMessageMapper(session());
            try {
                locker.executeWithLock(mailbox.generateAssociatedPath(), () -> mapper.execute(() -> mapper.add(mailbox, row)),
                    LockType.Write);
            } finally {
                mapper.endRequest();
            }
        }

        /** The newest {@value #NEWEST} messages with their headers, as an IMAP FETCH of (FLAGS RFC822.SIZE BODY.PEEK[HEADER]). */
        int readNewestHeaders(Mailbox mailbox, long lastUid) throws Exception {
            MessageMapper mapper = mappers.createMessageMapper(session());
            try {
                int bytes = 0;
                Iterator<MailboxMessage> messages = mapper.findInMailbox(mailbox,
                    MessageRange.range(MessageUid.of(Math.max(1, lastUid - NEWEST + 1)), MessageUid.of(lastUid)),
                    MessageMapper.FetchType.HEADERS, -1);
                while (messages.hasNext()) {
                    MailboxMessage message = messages.next();
                    bytes += message.createFlags().getSystemFlags().length + (int) message.getFullContentOctets();
                    try (InputStream header = message.getHeaderContent()) {
                        bytes += header.readAllBytes().length;
                    }
                }
                return bytes;
            } finally {
                mapper.endRequest();
            }
        }

        long lastUid(Mailbox mailbox) throws Exception {
            MessageMapper mapper = mappers.createMessageMapper(session());
            try {
                return mapper.getLastUid(mailbox).map(MessageUid::asLong).orElse(0L);
            } finally {
                mapper.endRequest();
            }
        }

        @Override
        public void close() {
            managed.close();
        }
    }

    private static void append(Engine engine, Path directory, int size, int writers, int mailboxCount, int count) throws Exception {
        Messages messages = new Messages(size);
        double[] measured;
        try (Store store = new Store(engine, directory)) {
            List<Mailbox> mailboxes = new ArrayList<>();
            for (int i = 0; i < mailboxCount; i++) {
                mailboxes.add(store.mailbox(i == 0 ? "INBOX" : "INBOX.writer" + i));
            }
            deliver(store, mailboxes, messages, writers, WARM_UP_MESSAGES);
            long cpu = processCpuNanos();
            long start = System.nanoTime();
            deliver(store, mailboxes, messages, writers, count);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuMillis = (processCpuNanos() - cpu) / 1e6;
            measured = new double[] {count / seconds, cpuMillis / count};
        }
        System.out.printf(Locale.ROOT, "RESULT %f %f %d%n", measured[0], measured[1], size(directory));
    }

    /** Fills INBOX up to {@code target} messages of 10 KB; prints the rate, or zeros when it was already full. */
    private static void fill(Engine engine, Path directory, int target) throws Exception {
        Messages messages = new Messages(FILL_SIZE);
        double[] measured = {0, 0};
        try (Store store = new Store(engine, directory)) {
            Mailbox inbox = store.mailbox("INBOX");
            long present = store.lastUid(inbox);
            if (present < target) {
                long cpu = processCpuNanos();
                long start = System.nanoTime();
                deliver(store, List.of(inbox), messages, 2, (int) (target - present));
                double seconds = (System.nanoTime() - start) / 1e9;
                measured = new double[] {(target - present) / seconds, (processCpuNanos() - cpu) / 1e6 / (target - present)};
            }
        }
        System.out.printf(Locale.ROOT, "RESULT %f %f %d%n", measured[0], measured[1], size(directory));
    }

    private static void read(Engine engine, Path directory) throws Exception {
        double[] measured;
        try (Store store = new Store(engine, directory)) {
            Mailbox inbox = store.mailbox("INBOX");
            long lastUid = store.lastUid(inbox);
            for (int i = 0; i < READ_WARM_UP; i++) {
                store.readNewestHeaders(inbox, lastUid);
            }
            double[] millis = new double[READS];
            long cpu = processCpuNanos();
            for (int i = 0; i < READS; i++) {
                long start = System.nanoTime();
                store.readNewestHeaders(inbox, lastUid);
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            double cpuMillis = (processCpuNanos() - cpu) / 1e6 / READS;
            Arrays.sort(millis);
            measured = new double[] {millis[READS / 2], cpuMillis};
        }
        System.out.printf(Locale.ROOT, "RESULT %f %f %d%n", measured[0], measured[1], size(directory));
    }

    /** Delivers {@code count} messages with {@code writers} threads, spread over the mailboxes (writer i, mailbox i mod n). */
    private static void deliver(Store store, List<Mailbox> mailboxes, Messages messages, int writers, int count) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int writer = 0; writer < writers; writer++) {
                Mailbox mailbox = mailboxes.get(writer % mailboxes.size());
                work.add(threads.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        byte[] message = messages.message();
                        store.append(mailbox, message, messages.bodyStart(message));
                    }
                    return null;
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
        } finally {
            threads.shutdown();
        }
    }

    /**
     * Messages of one size: a header of about 600 bytes, unique per message (Message-ID, queue item), and a body of
     * base64 lines of random bytes, as an S/MIME message's (the same body each time: neither engine compresses or
     * deduplicates large values by default).
     */
    private static final class Messages {
        private final byte[] body;
        private final AtomicInteger sequence = new AtomicInteger();

        Messages(int size) {
            byte[] random = new byte[size * 3 / 4];
            new Random(size).nextBytes(random);
            this.body = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encode(random);
        }

        byte[] message() {
            int n = sequence.incrementAndGet();
            String header = "Return-Path: <dr.envoi@grand-cabinet.test>\r\n"
                + "Received: from relay.grand-cabinet.test by gateway.grand-cabinet.test with ESMTPS id " + n + "\r\n"
                + "Date: Mon, 3 Mar 2025 10:15:00 +0100\r\n"
                + "From: Dr Envoi <dr.envoi@grand-cabinet.test>\r\n"
                + "To: Dr Base <" + USER + ">\r\n"
                + "Subject: Compte rendu de consultation " + n + "\r\n"
                + "Message-ID: <bench-" + n + "-" + System.nanoTime() + "@grand-cabinet.test>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n"
                + "Content-Transfer-Encoding: 7bit\r\n"
                + QueueItem.HEADER + ": bench-" + n + "-" + System.nanoTime() + "\r\n"
                + "\r\n";
            byte[] head = header.getBytes(StandardCharsets.US_ASCII);
            byte[] whole = Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, whole, head.length, body.length);
            return whole;
        }

        int bodyStart(byte[] message) {
            for (int i = 0; i + 3 < message.length; i++) {
                if (message[i] == '\r' && message[i + 1] == '\n' && message[i + 2] == '\r' && message[i + 3] == '\n') {
                    return i + 4;
                }
            }
            return message.length;
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long size(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
