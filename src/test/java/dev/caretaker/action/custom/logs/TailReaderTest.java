package dev.caretaker.action.custom.logs;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading a file's last lines from its end: exact lines, and only the bytes they need. */
class TailReaderTest {

    static final int MILLION = 1_000_000;

    @TempDir
    static Path tmp;
    static Path big;

    /** A log of a million lines, ~50 MB: reading it whole would show in the bytes read. */
    static Path millionLines(Path dir) throws IOException {
        Path file = dir.resolve("million.log");
        if (Files.exists(file)) {
            return file;
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 1; i <= MILLION; i++) {
                w.write(line(i));
                w.write('\n');
            }
        }
        return file;
    }

    static String line(int i) {
        return "2025-03-01T03:00:00Z INFO request " + i + " served in 12 ms";
    }

    @BeforeAll
    static void write() throws IOException {
        big = millionLines(tmp);
    }

    private static List<String> read(Path file, int n, long maxBytes) throws IOException {
        List<String> out = new ArrayList<>();
        try (TailReader r = new TailReader(file, maxBytes)) {
            String line;
            while (out.size() < n && (line = r.next()) != null) {
                out.add(line);
            }
        }
        return out;
    }

    @Test
    void theLastLinesOfAMillionLineFileCostOneBlockNotTheFile() throws IOException {
        long size = Files.size(big);
        assertTrue(size > 40_000_000, "the file is big: " + size);
        try (TailReader r = new TailReader(big, Long.MAX_VALUE)) {
            List<String> newestFirst = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                newestFirst.add(r.next());
            }
            for (int i = 0; i < 100; i++) {
                assertEquals(line(MILLION - i), newestFirst.get(i));
            }
            // 100 lines of ~50 bytes sit in the last block: one 64 KiB read, a thousandth of the file
            assertEquals(TailReader.BLOCK, r.bytesRead());
            assertFalse(r.stoppedEarly());
        }
    }

    @Test
    void readingOnGoesBackBlockByBlockAcrossBlockBoundaries() throws IOException {
        List<String> lines = read(big, 20_000, Long.MAX_VALUE);
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(line(MILLION - i), lines.get(i));
        }
        assertEquals(20_000, lines.size());
    }

    @Test
    void stopsAtTheByteLimitWithoutShowingAHalfLine() throws IOException {
        try (TailReader r = new TailReader(big, 1000)) {
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = r.next()) != null) {
                lines.add(line);
            }
            assertEquals(1000, r.bytesRead());
            assertTrue(r.stoppedEarly());
            for (int i = 0; i < lines.size(); i++) {
                assertEquals(line(MILLION - i), lines.get(i));
            }
            assertTrue(lines.size() >= 15 && lines.size() <= 25, "whole lines only: " + lines.size());
        }
    }

    @Test
    void edgesOfFiles() throws IOException {
        assertEquals(List.of(), read(write("empty", ""), 10, Long.MAX_VALUE));
        assertEquals(List.of("only"), read(write("one", "only"), 10, Long.MAX_VALUE));
        assertEquals(List.of("only"), read(write("one-nl", "only\n"), 10, Long.MAX_VALUE));
        assertEquals(List.of(""), read(write("blank", "\n"), 10, Long.MAX_VALUE));
        assertEquals(List.of("c", "", "b", "a"), read(write("gaps", "a\nb\n\nc\n"), 10, Long.MAX_VALUE));
        assertEquals(List.of("two", "one"), read(write("crlf", "one\r\ntwo\r\n"), 10, Long.MAX_VALUE));
        assertEquals(List.of("zwölf Äpfel", "naïve"), read(write("utf8", "naïve\nzwölf Äpfel\n"), 10, Long.MAX_VALUE));
    }

    @Test
    void aLineLongerThanTheLimitKeepsItsStart() throws IOException {
        String longLine = "START" + "x".repeat(300_000) + "END";
        List<String> lines = read(write("long", "before\n" + longLine + "\nafter\n"), 10, Long.MAX_VALUE);
        assertEquals(3, lines.size());
        assertEquals("after", lines.get(0));
        assertTrue(lines.get(1).startsWith("STARTxxx") && lines.get(1).endsWith("…"), lines.get(1).substring(0, 20));
        assertEquals(TailReader.MAX_LINE_BYTES + 1, lines.get(1).length());
        assertEquals("before", lines.get(2));
    }

    @Test
    void nothingAfterTheEnd() throws IOException {
        try (TailReader r = new TailReader(write("two", "a\nb\n"), Long.MAX_VALUE)) {
            assertEquals("b", r.next());
            assertEquals("a", r.next());
            assertNull(r.next());
            assertNull(r.next());
        }
    }

    private static Path write(String name, String content) throws IOException {
        return Files.writeString(tmp.resolve(name + ".log"), content, StandardCharsets.UTF_8);
    }
}
