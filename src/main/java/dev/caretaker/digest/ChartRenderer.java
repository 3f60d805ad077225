package dev.caretaker.digest;

import dev.caretaker.reply.Block;
import jakarta.inject.Singleton;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;

/** Draws the digest's line chart (a value per series over time) as a PNG with xchart, without a display. */
@Singleton
public class ChartRenderer {

    public static final int WIDTH = 800;
    public static final int HEIGHT = 400;

    /** One point of a series. */
    public record Point(Instant at, double value) {
    }

    public ChartRenderer() {
        // a server has no display; AWT must not look for one (the property is read once, before AWT starts)
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /**
     * A PNG of the series (empty ones left out); empty when nothing has two points, since a chart of single dots
     * says nothing the table does not.
     */
    public Optional<Block.Image> lines(String title, String yTitle, String fileName, Map<String, List<Point>> series,
                                       ZoneId zone) throws IOException {
        boolean worthDrawing = series.values().stream().anyMatch(s -> s.size() >= 2);
        if (!worthDrawing) {
            return Optional.empty();
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("")
                .yAxisTitle(yTitle).build();
        Styler styler = chart.getStyler();
        chart.getStyler().setDatePattern("HH:mm");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setTimezone(TimeZone.getTimeZone(zone));
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        styler.setAntiAlias(true);
        for (Map.Entry<String, List<Point>> e : series.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            List<Date> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (Point p : e.getValue()) {
                x.add(Date.from(p.at()));
                y.add(p.value());
            }
            XYSeries s = chart.addSeries(e.getKey(), x, y);
            s.setMarker(SeriesMarkers.NONE);
        }
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        return Optional.of(new Block.Image(title, fileName, png));
    }
}
