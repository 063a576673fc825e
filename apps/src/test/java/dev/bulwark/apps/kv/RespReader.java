package dev.bulwark.apps.kv;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A RESP2 reader for tests: simple strings as String, errors as {@link Err}, integers as Long, bulk strings
 * as String (UTF-8) and nil as null, arrays as List (a nil array as null). Stops before an incomplete reply.
 */
final class RespReader {
    /** An error reply. */
    record Err(String text) {
    }

    private final byte[] bytes;
    private int at;

    RespReader(byte[] bytes, int from) {
        this.bytes = bytes;
        this.at = from;
    }

    int position() {
        return at;
    }

    /** Every complete reply from the position on. */
    List<Object> readAll() {
        List<Object> all = new ArrayList<>();
        while (at < bytes.length) {
            int mark = at;
            try {
                all.add(read());
            } catch (IndexOutOfBoundsException incomplete) {
                at = mark;
                break;
            }
        }
        return all;
    }

    private Object read() {
        byte type = bytes[at++];
        String line = line();
        return switch (type) {
            case '+' -> line;
            case '-' -> new Err(line);
            case ':' -> Long.parseLong(line);
            case '$' -> {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    yield null;
                }
                if (at + n + 2 > bytes.length) {
                    throw new IndexOutOfBoundsException("incomplete bulk");
                }
                String s = new String(bytes, at, n, StandardCharsets.UTF_8);
                at += n + 2;
                yield s;
            }
            case '*' -> {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    yield null;
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    items.add(read());
                }
                yield items;
            }
            default -> throw new IllegalStateException("not RESP at byte " + (at - 1) + ": " + (char) type);
        };
    }

    private String line() {
        int start = at;
        while (!(bytes[at] == '\r' && bytes[at + 1] == '\n')) {
            at++;
        }
        String s = new String(bytes, start, at - start, StandardCharsets.UTF_8);
        at += 2;
        return s;
    }
}
