package org.santegateway.dmp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.santegateway.cda.CdaFixtures;
import org.santegateway.cda.CdaHeaderReader;
import org.santegateway.xdm.XdmDocument;
import org.santegateway.xdm.XdmFixtures;
import org.santegateway.xdm.XdmLimits;
import org.santegateway.xdm.XdmPackage;
import org.santegateway.xdm.XdmPackageReader;
import org.santegateway.xdm.XdmReadResult;

/**
 * Throughput of the filing path on one thread, encryption on: receive the document (spool, hashes),
 * check its type, parse (XDM metadata and CDA headers), encrypt it with {@link DocumentCipher}
 * into the store's file. Not a test (surefire does not run it). Run after {@code mvn test-compile}:
 *
 * <pre>
 * cd mailets && taskset -c 0 java -cp "target/test-classes:target/classes:$(cat cp.txt)" \
 *     org.santegateway.dmp.DmpFilingBenchmark [seconds per case, default 5]
 * </pre>
 * (with {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}). Reports documents and
 * megabytes per second for a 100 KB PDF, a 5 MB PDF and an XDM package of 10 documents (CDA
 * documents of about 50 KB); "null sink" encrypts into nothing (CPU only), "file" into a file.
 */
public final class DmpFilingBenchmark {
    private static final Ins PATIENT = new Ins(CdaFixtures.INS);

    private DmpFilingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        Path work = Files.createTempDirectory("dmp-bench");
        try {
            DocumentCipher cipher = new DocumentCipher(MasterKey.generate());
            ContentSpooler spooler = new ContentSpooler(work.resolve("spool"), ContentSpooler.DEFAULT_MEMORY_THRESHOLD);
            XdmPackageReader reader = new XdmPackageReader(XdmLimits.DEFAULTS, spooler, new CdaHeaderReader());
            System.out.printf(Locale.ROOT, "Java %s, %s, %d available processor(s)%n", System.getProperty("java.version"),
                System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors());

            byte[] small = XdmFixtures.pdf(100 * 1024, 1);
            byte[] large = XdmFixtures.pdf(5 * 1024 * 1024, 2);
            XdmFixtures.Doc[] docs = new XdmFixtures.Doc[10];
            for (int i = 0; i < docs.length; i++) {
                String body = " Observation %d. ".formatted(i).repeat(2800);
                docs[i] = XdmFixtures.Doc.cda("Document" + i, "DOC000" + i + ".XML", CdaFixtures.INS)
                    .content(CdaFixtures.bytes(CdaFixtures.cda(CdaFixtures.INS_NIR_OID, CdaFixtures.INS, "11488-4", body)));
            }
            byte[] xdm = XdmFixtures.xdm(XdmFixtures.insCx(CdaFixtures.INS), docs);
            long xdmDocumentBytes = Stream.of(docs).mapToLong(d -> d.contentLength()).sum();

            for (boolean toFile : new boolean[] {false, true}) {
                String sink = toFile ? "file" : "null sink";
                run("PDF 100 KB, " + sink, seconds, 1, small.length, () -> filePdf(small, spooler, cipher, work, toFile));
                run("PDF 5 MB, " + sink, seconds, 1, large.length, () -> filePdf(large, spooler, cipher, work, toFile));
                run("XDM 10 CDA (" + xdm.length / 1024 + " KB zip, " + xdmDocumentBytes / 1024 + " KB of documents), " + sink,
                    seconds, 10, xdmDocumentBytes, () -> fileXdm(xdm, reader, cipher, work, toFile));
            }
            Runtime runtime = Runtime.getRuntime();
            System.out.printf(Locale.ROOT, "heap in use at the end: %d MB (max %d MB)%n",
                (runtime.totalMemory() - runtime.freeMemory()) >> 20, runtime.maxMemory() >> 20);
        } finally {
            try (Stream<Path> paths = Files.walk(work)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    @FunctionalInterface
    interface Case {
        void once() throws IOException;
    }

    private static void run(String name, double seconds, int documentsPerRun, long bytesPerRun, Case work) throws IOException {
        long warmupEnd = System.nanoTime() + (long) (seconds * 0.4e9);
        while (System.nanoTime() < warmupEnd) {
            work.once();
        }
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long runs = 0;
        while (System.nanoTime() < end || runs < 3) {
            work.once();
            runs++;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%-70s %9.1f documents/s %8.1f MB/s%n", name,
            runs * documentsPerRun / elapsed, runs * bytesPerRun / elapsed / (1024 * 1024));
    }

    private static void filePdf(byte[] attachment, ContentSpooler spooler, DocumentCipher cipher, Path work, boolean toFile)
        throws IOException {
        try (SpooledContent content = spooler.spool(new ByteArrayInputStream(attachment), 30L << 20)) {
            if (DocumentTypes.check(DocumentTypes.PDF, content.head()).isPresent()) {
                throw new IllegalStateException("type check failed");
            }
            encrypt(content, cipher, work, toFile);
        }
    }

    private static void fileXdm(byte[] zip, XdmPackageReader reader, DocumentCipher cipher, Path work, boolean toFile) throws IOException {
        XdmReadResult result = reader.read(new ByteArrayInputStream(zip));
        if (!(result instanceof XdmReadResult.Read read)) {
            throw new IllegalStateException("package refused: " + result);
        }
        try (XdmPackage xdmPackage = read.xdmPackage()) {
            List<XdmDocument.Accepted> accepted = xdmPackage.accepted();
            if (accepted.size() != 10) {
                throw new IllegalStateException("documents refused: " + xdmPackage.refused());
            }
            for (XdmDocument.Accepted document : accepted) {
                encrypt(document.content(), cipher, work, toFile);
            }
        }
    }

    private static void encrypt(SpooledContent content, DocumentCipher cipher, Path work, boolean toFile) throws IOException {
        DocumentAad aad = new DocumentAad(DocumentId.random(), PATIENT);
        if (toFile) {
            Path file = work.resolve(aad.document() + ".enc");
            try (InputStream in = content.openStream(); OutputStream out = Files.newOutputStream(file)) {
                cipher.encrypt(in, out, aad);
            }
            Files.delete(file);
        } else {
            try (InputStream in = content.openStream()) {
                cipher.encrypt(in, OutputStream.nullOutputStream(), aad);
            }
        }
    }
}
