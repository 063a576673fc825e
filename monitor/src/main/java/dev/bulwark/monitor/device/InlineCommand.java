package dev.bulwark.monitor.device;

import io.netty.handler.codec.redis.RedisCodecException;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an inline command (a line such as {@code SET greeting "hello world"}, what telnet users type) into
 * its arguments the way Redis does ({@code sdssplitargs}): arguments are separated by blanks; in
 * {@code "..."} the escapes {@code \n \r \t \b \a \\ \" \xHH} work; in {@code '...'} only {@code \'} does;
 * a closing quote must be followed by a blank or the end of the line.
 */
final class InlineCommand {
    private InlineCommand() {
    }

    /**
     * The arguments of {@code line} (none for a blank line, which Redis ignores).
     *
     * @throws RedisCodecException "unbalanced quotes in request", as Redis answers, for an unterminated
     *                             quote or a closing quote followed by something else than a blank
     */
    static byte[][] split(byte[] line) {
        List<byte[]> args = new ArrayList<>();
        int p = 0;
        int n = line.length;
        while (true) {
            while (p < n && isSpace(line[p])) {
                p++;
            }
            if (p == n) {
                return args.toArray(new byte[0][]);
            }
            ByteArrayOutputStream current = new ByteArrayOutputStream();
            boolean inDouble = false;
            boolean inSingle = false;
            boolean done = false;
            while (!done) {
                if (inDouble) {
                    if (p == n) {
                        throw unbalanced();
                    } else if (line[p] == '\\' && p + 3 < n && line[p + 1] == 'x'
                            && hex(line[p + 2]) >= 0 && hex(line[p + 3]) >= 0) {
                        current.write(hex(line[p + 2]) * 16 + hex(line[p + 3]));
                        p += 3;
                    } else if (line[p] == '\\' && p + 1 < n) {
                        p++;
                        current.write(switch (line[p]) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'a' -> 7;
                            default -> line[p];
                        });
                    } else if (line[p] == '"') {
                        if (p + 1 < n && !isSpace(line[p + 1])) {
                            throw unbalanced(); // "foo"bar
                        }
                        done = true;
                    } else {
                        current.write(line[p]);
                    }
                } else if (inSingle) {
                    if (p == n) {
                        throw unbalanced();
                    } else if (line[p] == '\\' && p + 1 < n && line[p + 1] == '\'') {
                        p++;
                        current.write('\'');
                    } else if (line[p] == '\'') {
                        if (p + 1 < n && !isSpace(line[p + 1])) {
                            throw unbalanced();
                        }
                        done = true;
                    } else {
                        current.write(line[p]);
                    }
                } else if (p == n) {
                    done = true;
                } else {
                    switch (line[p]) {
                        case ' ', '\n', '\r', '\t', 0 -> done = true;
                        case '"' -> inDouble = true;
                        case '\'' -> inSingle = true;
                        default -> current.write(line[p]);
                    }
                }
                if (p < n) {
                    p++;
                }
            }
            args.add(current.toByteArray());
        }
    }

    private static RedisCodecException unbalanced() {
        return new RedisCodecException("unbalanced quotes in request");
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }
}
