package org.santegateway.server.dmp;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import javax.activation.DataHandler;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;
import javax.mail.util.SharedFileInputStream;

import org.santegateway.cda.CdaHeaderReader;
import org.santegateway.dmp.Actor;
import org.santegateway.dmp.Author;
import org.santegateway.dmp.ContentSpooler;
import org.santegateway.dmp.DmpAccessRule;
import org.santegateway.dmp.Ins;
import org.santegateway.dmp.MasterKey;
import org.santegateway.dmp.MetadataCipher;
import org.santegateway.dmp.PatientIdentification;
import org.santegateway.filing.AttachmentFiler;
import org.santegateway.filing.DocumentResult;
import org.santegateway.server.persistence.DatabaseConfiguration;
import org.santegateway.server.persistence.ManagedEntityManagerFactory;
import org.santegateway.server.persistence.StorageDirectories;
import org.santegateway.xdm.XdmLimits;
import org.santegateway.xdm.XdmPackageReader;

/**
 * Throughput of the whole filing path on one thread, as the mailet runs it: a MIME message read from
 * a file (as James's spool gives it), its attachment decoded and spooled, the XDM package and CDA
 * headers parsed, each document encrypted into its blob (forced to disk) and its metadata and
 * access event committed in the embedded Derby database. Not a test (surefire does not run it).
 * Run after {@code mvn test-compile} from {@code gateway/}:
 *
 * <pre>
 * mvn -o -q dependency:build-classpath -Dmdep.outputFile=cp.txt
 * taskset -c 0 java -Xmx256m -cp "target/test-classes:target/classes:../mailets/target/classes:$(cat cp.txt)" \
 *     org.santegateway.server.dmp.DmpStoreBenchmark [seconds per case, default 5]
 * </pre>
 * Then the 25 MB message, its attachment filed with the heap in use sampled: the message is read
 * from a file, so what the heap holds beyond the baseline is the filing's own memory.
 */
public final class DmpStoreBenchmark {
    private static int patientCounter;

    private DmpStoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        Path work = Files.createTempDirectory("dmp-store-bench");
        ManagedEntityManagerFactory database = new ManagedEntityManagerFactory(
            DatabaseConfiguration.embeddedDerby(new StorageDirectories(work.resolve("db"))));
        try {
            MasterKey masterKey = MasterKey.generate();
            EncryptedBlobs blobs = new EncryptedBlobs(work.resolve("dmp"), masterKey);
            EmbeddedDmpStore store = new EmbeddedDmpStore(database.entityManagerFactory(), blobs, new MetadataCipher(masterKey),
                new DmpAccessRule((professional, patient) -> false, (professional, patient) -> false),
                new DmpAccessAudit(event -> { }, identifier -> "x", Clock.systemUTC()), Clock.systemUTC());
            ContentSpooler spooler = new ContentSpooler(work.resolve("spool"), ContentSpooler.DEFAULT_MEMORY_THRESHOLD);
            XdmPackageReader reader = new XdmPackageReader(XdmLimits.DEFAULTS, spooler, new CdaHeaderReader());
            AttachmentFiler filer = new AttachmentFiler(store, reader, new CdaHeaderReader(), spooler,
                new PatientIdentification(ins -> true), XdmLimits.DEFAULTS.maxEntryBytes());
            System.out.printf(Locale.ROOT, "Java %s, %d available processor(s), max heap %d MB%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

            Path small = messageFile(work, "small.eml", "ordonnance.pdf", "application/pdf", DmpTestDocuments.pdf(100 * 1024, 1));
            Path large = messageFile(work, "large.eml", "imagerie.pdf", "application/pdf", DmpTestDocuments.pdf(5 * 1024 * 1024, 2));
            run("PDF 100 KB (message to a patient)", seconds, 1, () -> filePdf(filer, small));
            run("PDF 5 MB (message to a patient)", seconds, 1, () -> filePdf(filer, large));
            run("XDM of 10 CDA documents of ~50 KB", seconds, 10, () -> fileXdm(filer, work));

            Path huge = messageFile(work, "huge.eml", "dossier.pdf", "application/pdf", DmpTestDocuments.pdf(18 * 1024 * 1024, 3));
            System.out.printf(Locale.ROOT, "25 MB case: message of %.1f MB%n", Files.size(huge) / 1e6);
            System.gc();
            long baseline = heapUsed();
            resetPeaks();
            long start = System.nanoTime();
            filePdf(filer, huge);
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "25 MB message filed in %.2f s; heap before %d MB, peak heap during filing %d MB (pools' peak sum)%n",
                elapsed, baseline >> 20, peakHeap() >> 20);
        } finally {
            database.close();
            try (Stream<Path> paths = Files.walk(work)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    @FunctionalInterface
    interface Case {
        void once() throws Exception;
    }

    private static void run(String name, double seconds, int documentsPerRun, Case work) throws Exception {
        long warmupEnd = System.nanoTime() + (long) (seconds * 0.4e9);
        while (System.nanoTime() < warmupEnd) {
            work.once();
        }
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long end = start + (long) (seconds * 1e9);
        long runs = 0;
        while (System.nanoTime() < end || runs < 3) {
            work.once();
            runs++;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        // Wall time includes waiting for the disk (fsync) and for the CPU on a shared machine;
        // CPU time is this thread's own work: documents per CPU second is the one-core capacity.
        System.out.printf(Locale.ROOT, "%-40s %7.1f documents/s wall, %7.1f documents per CPU second (%d runs, %.1f ms wall per message)%n",
            name, runs * documentsPerRun / elapsed, runs * documentsPerRun / cpu, runs, elapsed * 1000 / runs);
    }

    private static Ins nextPatient() {
        String body = String.format(Locale.ROOT, "1%012d", 850575000000L + patientCounter++);
        return new Ins(DmpTestDocuments.ins(body));
    }

    private static AttachmentFiler.Context context(Ins patient) {
        return new AttachmentFiler.Context(Actor.professional("dr.martin@hopital.test"), Author.ofSender("Dr Martin", "dr.martin@hopital.test"),
            Set.of(patient), "Compte rendu", Optional.empty(), HexFormat.of().formatHex(new byte[32]));
    }

    private static void filePdf(AttachmentFiler filer, Path messageFile) throws Exception {
        // A new patient each time: the same content for the same patient would be a duplicate.
        check(filer, messageFile, context(nextPatient()), 1);
    }

    private static void fileXdm(AttachmentFiler filer, Path work) throws Exception {
        Ins patient = nextPatient();
        List<DmpTestDocuments.Doc> docs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            docs.add(DmpTestDocuments.Doc.cda("DOC" + i, patient.matricule(), (" Observation " + i + ". ").repeat(2800)));
        }
        Path file = messageFile(work, "xdm.eml", "IHE_XDM.ZIP", "application/zip", DmpTestDocuments.xdm(DmpTestDocuments.insCx(patient.matricule()), docs));
        check(filer, file, context(patient), 10);
    }

    private static void check(AttachmentFiler filer, Path messageFile, AttachmentFiler.Context context, int expected) throws Exception {
        try (SharedFileInputStream input = new SharedFileInputStream(messageFile.toFile())) {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), input);
            List<DocumentResult> results = filer.file(message, context);
            if (results.size() != expected || results.stream().anyMatch(DocumentResult::refused)) {
                throw new IllegalStateException("not filed: " + results);
            }
        }
    }

    private static Path messageFile(Path work, String name, String fileName, String type, byte[] attachment) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("dr.martin@hopital.test"));
        message.setSubject("Compte rendu");
        MimeMultipart multipart = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Ci-joint.");
        multipart.addBodyPart(text);
        MimeBodyPart file = new MimeBodyPart();
        file.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment, type)));
        file.setFileName(fileName);
        multipart.addBodyPart(file);
        message.setContent(multipart);
        message.saveChanges();
        Path path = work.resolve(name);
        try (OutputStream out = Files.newOutputStream(path)) {
            message.writeTo(out);
        }
        return path;
    }

    private static long heapUsed() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
