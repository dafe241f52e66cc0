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
