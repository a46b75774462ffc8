package io.policystream.demo;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Episode returns in the order they finished, their moving average, and their CSV and SVG forms. */
public final class LearningCurve {
    /** Episodes in the moving average. */
    public static final int WINDOW = 100;

    private final List<EpisodeResult> results = new ArrayList<>();
    private final List<Double> averages = new ArrayList<>();
    private double windowSum;

    /** Adds an episode; returns the new moving average. */
    public synchronized double add(EpisodeResult r) {
        results.add(r);
        windowSum += r.totalReward();
        if (results.size() > WINDOW) {
            windowSum -= results.get(results.size() - 1 - WINDOW).totalReward();
        }
        double avg = windowSum / Math.min(WINDOW, results.size());
        averages.add(avg);
        return avg;
    }

    /** The average return of the last {@link #WINDOW} episodes (fewer at the start). */
    public synchronized double average() {
        return averages.isEmpty() ? Double.NaN : averages.get(averages.size() - 1);
    }

    public synchronized int size() {
        return results.size();
    }

    /** Whether a full window's average has reached {@code target}; the first episode index where it did, or -1. */
    public synchronized long reached(double target) {
        for (int i = WINDOW - 1; i < averages.size(); i++) {
            if (averages.get(i) >= target) {
                return i + 1;
            }
        }
        return -1;
    }

    /** Writes {@code episode,actor,return,steps,version,elapsed_ms,average_100}. */
    public synchronized void writeCsv(Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("episode,actor,return,steps,version,elapsed_ms,average_100\n");
            for (int i = 0; i < results.size(); i++) {
                EpisodeResult r = results.get(i);
                w.write(String.format(Locale.ROOT, "%d,%d,%s,%d,%d,%d,%s%n", i + 1, r.actor(), r.totalReward(),
                        r.steps(), r.version(), r.elapsedMillis(), averages.get(i)));
            }
        }
    }

    /** Writes an SVG chart: each episode's return (dots) and the moving average (line). */
    public synchronized void writeSvg(Path file, String title) throws IOException {
        int w = 800;
        int h = 400;
        int m = 50;
        double minY = 0;
        double maxY = 1;
        for (EpisodeResult r : results) {
            minY = Math.min(minY, r.totalReward());
            maxY = Math.max(maxY, r.totalReward());
        }
        int n = Math.max(1, results.size());
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
                        + "font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", w, h));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\">%s</text>%n", m, escape(title)));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", m,
                h - m, w - m, h - m));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", m, m,
                m, h - m));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">episodes (%d)</text>%n", w / 2 - 40, h - 15, n));
        sb.append(String.format(Locale.ROOT, "<text x=\"5\" y=\"%d\">%.0f</text>%n", m + 4, maxY));
        sb.append(String.format(Locale.ROOT, "<text x=\"5\" y=\"%d\">%.0f</text>%n", h - m + 4, minY));
        for (int i = 0; i < results.size(); i++) {
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.2\" fill=\"#9ab\"/>%n",
                    x(i, n, w, m), y(results.get(i).totalReward(), minY, maxY, h, m)));
        }
        sb.append("<polyline fill=\"none\" stroke=\"#c33\" stroke-width=\"2\" points=\"");
        for (int i = 0; i < averages.size(); i++) {
            sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(i, n, w, m), y(averages.get(i), minY, maxY, h, m)));
        }
        sb.append("\"/>\n");
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"40\" fill=\"#c33\">average of the last %d</text>%n",
                w - 230, WINDOW));
        sb.append("</svg>\n");
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private static double x(int i, int n, int w, int m) {
        return m + (w - 2.0 * m) * i / Math.max(1, n - 1);
    }

    private static double y(double v, double min, double max, int h, int m) {
        return h - m - (h - 2.0 * m) * (v - min) / (max - min);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
