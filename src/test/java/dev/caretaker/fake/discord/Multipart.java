package dev.caretaker.fake.discord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough of multipart/form-data to read what JDA sends with attachments. */
final class Multipart {

    private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");
    private static final Pattern FILE_NAME = Pattern.compile("filename=\"([^\"]*)\"");

    /** One part: its form name, its file name when it is a file, and its bytes. */
    record Part(String name, String fileName, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private Multipart() {
    }

    static String boundary(String contentType) {
        for (String piece : contentType.split(";")) {
            String p = piece.trim();
            if (p.startsWith("boundary=")) {
                return p.substring("boundary=".length()).replace("\"", "");
            }
        }
        throw new IllegalArgumentException("no boundary in " + contentType);
    }

    static List<Part> parse(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int start = indexOf(body, delimiter, 0);
        while (start >= 0) {
            int headerStart = start + delimiter.length;
            if (headerStart + 1 < body.length && body[headerStart] == '-' && body[headerStart + 1] == '-') {
                break;
            }
            headerStart += 2; // CRLF after the delimiter
            int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headerStart);
            String headers = new String(body, headerStart, headerEnd - headerStart, StandardCharsets.UTF_8);
            int dataStart = headerEnd + 4;
            int next = indexOf(body, delimiter, dataStart);
            int dataEnd = next - 2; // CRLF before the next delimiter
            byte[] data = new byte[dataEnd - dataStart];
            System.arraycopy(body, dataStart, data, 0, data.length);
            Matcher name = NAME.matcher(headers);
            Matcher file = FILE_NAME.matcher(headers);
            parts.add(new Part(name.find() ? name.group(1) : "", file.find() ? file.group(1) : null, data));
            start = next;
        }
        return parts;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
