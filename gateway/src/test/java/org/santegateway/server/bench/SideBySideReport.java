package org.santegateway.server.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The summary table of {@code bench/run}: for each load point and system, the median and the range
 * over the repetitions of the accept rate, the end-to-end rate and the server CPU per message, the
 * gateway's medians as a ratio of stock James's and Postfix's, then the start times and idle memory.
 * Reads the tab-separated results file {@code bench/run} writes:
 * <pre>
 * run    SYSTEM POINT REP ACCEPT_RATE E2E_RATE CPU_MS_PER_MSG
 * start  SYSTEM START_MS RSS_KIB
 * </pre>
 */
public final class SideBySideReport {
    private static final String GATEWAY = "gateway";

    private SideBySideReport() {
    }

    record Run(String system, String point, double acceptRate, double e2eRate, double cpuPerMessage) {
    }

    record Start(String system, long startMillis, long residentKib) {
    }

    public static void main(String[] args) throws IOException {
        List<Run> runs = new ArrayList<>();
        List<Start> starts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            String[] f = line.split("\t");
            switch (f[0]) {
                case "run" -> runs.add(new Run(f[1], f[2], Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6])));
                case "start" -> starts.add(new Start(f[1], Long.parseLong(f[2]), Long.parseLong(f[3])));
                default -> throw new IllegalArgumentException("unknown line in " + args[0] + ": " + line);
            }
        }
        System.out.print(table(runs, starts));
    }

    static String table(List<Run> runs, List<Start> starts) {
        StringBuilder out = new StringBuilder();
        Map<String, Map<String, List<Run>>> byPoint = new LinkedHashMap<>();
        runs.forEach(run -> byPoint.computeIfAbsent(run.point(), p -> new LinkedHashMap<>())
            .computeIfAbsent(run.system(), s -> new ArrayList<>()).add(run));
        out.append(String.format(Locale.ROOT, "%-14s %-12s %4s  %-24s %-24s %-24s%n",
            "load", "system", "runs", "accepted msg/s", "in mailbox msg/s", "server CPU ms/msg"));
        for (var point : byPoint.entrySet()) {
            for (var system : point.getValue().entrySet()) {
                List<Run> list = system.getValue();
                out.append(String.format(Locale.ROOT, "%-14s %-12s %4d  %-24s %-24s %-24s%n", point.getKey(), system.getKey(), list.size(),
                    spread(list, Run::acceptRate), spread(list, Run::e2eRate), spread(list, Run::cpuPerMessage)));
            }
            List<Run> gateway = point.getValue().get(GATEWAY);
            if (gateway == null) {
                continue;
            }
            for (var system : point.getValue().entrySet()) {
                if (system.getKey().equals(GATEWAY)) {
                    continue;
                }
                List<Run> other = system.getValue();
                out.append(String.format(Locale.ROOT, "%-14s %-13s  %-24s %-24s %-24s%n", "", "gateway/" + system.getKey(),
                    ratio(gateway, other, Run::acceptRate), ratio(gateway, other, Run::e2eRate), ratio(gateway, other, Run::cpuPerMessage)));
            }
        }
        if (!starts.isEmpty()) {
            out.append(String.format(Locale.ROOT, "%n%-16s %-22s %s%n", "system", "start to SMTP ready", "RSS after start (idle)"));
            for (Start start : starts) {
                out.append(String.format(Locale.ROOT, "%-16s %-22s %d MiB%n", start.system(),
                    String.format(Locale.ROOT, "%.1f s", start.startMillis() / 1000.0), start.residentKib() / 1024));
            }
        }
        return out.toString();
    }

    private static String spread(List<Run> runs, ToDoubleFunction<Run> value) {
        List<Double> values = sorted(runs, value);
        return String.format(Locale.ROOT, "%s [%s-%s]", number(median(values)), number(values.get(0)), number(values.get(values.size() - 1)));
    }

    private static String ratio(List<Run> gateway, List<Run> other, ToDoubleFunction<Run> value) {
        return String.format(Locale.ROOT, "x%.2f", median(sorted(gateway, value)) / median(sorted(other, value)));
    }

    private static List<Double> sorted(List<Run> runs, ToDoubleFunction<Run> value) {
        List<Double> values = new ArrayList<>(runs.stream().map(value::applyAsDouble).toList());
        Collections.sort(values);
        return values;
    }

    static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String number(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
