package dev.bulwark.apps.kv;

/**
 * Decimal integers as Redis reads and writes them (its {@code string2ll}): an optional '-', then digits
 * with no leading zero (except "0" itself), no '+', no spaces, within a signed 64-bit long. Anything else
 * is not an integer ("ERR value is not an integer or out of range").
 *
 * <p>A parser keeps the last value it read, so parsing allocates nothing. Threading: one owner thread.
 */
final class Decimal {
    private static final int MAX_DIGITS = 20;

    private long value;

    /** Whether {@code length} bytes of {@code text} from {@code offset} are an integer; if so, {@link #value()} is it. */
    boolean parse(byte[] text, int offset, int length) {
        if (length == 0 || length > MAX_DIGITS) {
            return false;
        }
        if (length == 1 && text[offset] == '0') {
            value = 0;
            return true;
        }
        boolean negative = text[offset] == '-';
        int i = negative ? offset + 1 : offset;
        int end = offset + length;
        if (i == end || text[i] < '1' || text[i] > '9') {
            return false;
        }
        long magnitude = 0; // accumulated as a negative number: its range reaches Long.MIN_VALUE
        for (; i < end; i++) {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9 || magnitude < (Long.MIN_VALUE + digit) / 10) {
                return false;
            }
            magnitude = magnitude * 10 - digit;
        }
        if (!negative && magnitude == Long.MIN_VALUE) {
            return false;
        }
        value = negative ? magnitude : -magnitude;
        return true;
    }

    boolean parse(byte[] text) {
        return parse(text, 0, text.length);
    }

    /** The integer the last successful {@link #parse} read. */
    long value() {
        return value;
    }

    /** Writes {@code n} in decimal into {@code dst} from 0; returns its length (at most 20). */
    static int format(long n, byte[] dst) {
        if (n == Long.MIN_VALUE) {
            byte[] min = "-9223372036854775808".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(min, 0, dst, 0, min.length);
            return min.length;
        }
        int at = 0;
        if (n < 0) {
            dst[at++] = '-';
            n = -n;
        }
        int digits = 1;
        for (long t = n; t >= 10; t /= 10) {
            digits++;
        }
        for (int i = at + digits - 1; i >= at; i--) {
            dst[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        return at + digits;
    }
}
