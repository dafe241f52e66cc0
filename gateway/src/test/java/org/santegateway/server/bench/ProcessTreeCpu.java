package org.santegateway.server.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CPU time used by server processes and everything they started, read from {@code /proc} (Linux).
 * For each root process: its own user and system time, the time of the children it has reaped
 * (cutime, cstime) and the same for every live descendant. A child that exits between two samples
 * is then counted once, in its parent's reaped time: Postfix's master reaps its smtpd, cleanup and
 * virtual processes, so the total of master's tree is the cost of the whole mail system.
 */
final class ProcessTreeCpu {
    private static final Path PROC = Path.of("/proc");

    private final List<Long> roots;
    private final long ticksPerSecond;

    ProcessTreeCpu(List<Long> roots, long ticksPerSecond) {
        this.roots = List.copyOf(roots);
        this.ticksPerSecond = ticksPerSecond;
    }

    /** CPU milliseconds used so far by the roots and their descendants. */
    long millis() throws IOException {
        Map<Long, Stat> stats = readAll();
        Map<Long, List<Long>> children = new HashMap<>();
        stats.values().forEach(stat -> children.computeIfAbsent(stat.ppid(), ppid -> new ArrayList<>()).add(stat.pid()));
        long ticks = 0;
        Set<Long> seen = new HashSet<>();
        Deque<Long> pending = new ArrayDeque<>(roots);
        while (!pending.isEmpty()) {
            long pid = pending.pop();
            Stat stat = stats.get(pid);
            if (stat == null || !seen.add(pid)) {
                continue;
            }
            ticks += stat.ticks();
            pending.addAll(children.getOrDefault(pid, List.of()));
        }
        return ticks * 1000 / ticksPerSecond;
    }

    /**
     * The CPU ticks used so far by each JIT compiler thread of one Java process (their names start with {@code C1 }
     * or {@code C2 }), by thread id: compiling code rather than doing the work, which on a small machine stays high
     * long after the start. The JVM starts and stops compiler threads as their queues grow and empty, so compare two
     * snapshots with {@link #compilerMillisSince}.
     */
    static Map<Long, Long> compilerTicks(long pid) throws IOException {
        Map<Long, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(PROC.resolve(Long.toString(pid)).resolve("task"))) {
            for (Path thread : threads) {
                try {
                    String name = Files.readString(thread.resolve("comm"), StandardCharsets.US_ASCII);
                    if (name.startsWith("C1 ") || name.startsWith("C2 ")) {
                        ticks.put(Long.parseLong(thread.getFileName().toString()),
                            Stat.parse(Files.readString(thread.resolve("stat"), StandardCharsets.US_ASCII)).ticks());
                    }
                } catch (IOException e) {
                    // The thread ended meanwhile.
                }
            }
        }
        return ticks;
    }

    /**
     * CPU milliseconds of the compiler threads alive now since the {@code earlier} snapshot (a thread started since
     * counts whole): a lower bound, as the time of a thread that ended meanwhile since the snapshot is not known.
     */
    long compilerMillisSince(long pid, Map<Long, Long> earlier) throws IOException {
        long ticks = 0;
        for (Map.Entry<Long, Long> thread : compilerTicks(pid).entrySet()) {
            ticks += thread.getValue() - earlier.getOrDefault(thread.getKey(), 0L);
        }
        return ticks * 1000 / ticksPerSecond;
    }

    private static Map<Long, Stat> readAll() throws IOException {
        Map<Long, Stat> stats = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, entry -> entry.getFileName().toString().matches("\\d+"))) {
            for (Path entry : entries) {
                try {
                    Stat stat = Stat.parse(Files.readString(entry.resolve("stat"), StandardCharsets.US_ASCII));
                    stats.put(stat.pid(), stat);
                } catch (IOException e) {
                    // The process exited while the table was read: its parent's reaped time has it.
                }
            }
        }
        return stats;
    }

    /** The fields of {@code /proc/PID/stat} used here (proc(5)). */
    record Stat(long pid, long ppid, long utime, long stime, long cutime, long cstime) {
        static Stat parse(String line) {
            // The command name, in parentheses, may contain spaces and parentheses: fields start after the last ')'.
            long pid = Long.parseLong(line.substring(0, line.indexOf(' ')));
            String[] fields = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
            return new Stat(pid, Long.parseLong(fields[1]), Long.parseLong(fields[11]), Long.parseLong(fields[12]),
                Long.parseLong(fields[13]), Long.parseLong(fields[14]));
        }

        long ticks() {
            return utime + stime + cutime + cstime;
        }
    }
}
