package dev.bulwark.apps.kv;

/**
 * Redis's glob patterns (as CONFIG GET takes them): {@code *} any run, {@code ?} any one character,
 * {@code [abc]} / {@code [a-z]} / {@code [^a]} a set, {@code \x} the character x. Case-sensitive: callers
 * lower both sides where Redis ignores case.
 */
final class Glob {
    private Glob() {
    }

    static boolean matches(String pattern, String text) {
        return match(pattern, 0, text, 0);
    }

    private static boolean match(String p, int pi, String t, int ti) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            switch (c) {
                case '*' -> {
                    while (pi + 1 < p.length() && p.charAt(pi + 1) == '*') {
                        pi++;
                    }
                    if (pi + 1 == p.length()) {
                        return true;
                    }
                    for (int k = ti; k <= t.length(); k++) {
                        if (match(p, pi + 1, t, k)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (ti >= t.length()) {
                        return false;
                    }
                    ti++;
                    pi++;
                }
                case '[' -> {
                    if (ti >= t.length()) {
                        return false;
                    }
                    int end = p.indexOf(']', pi + 1);
                    if (end < 0) {
                        return false;
                    }
                    boolean negate = pi + 1 < end && p.charAt(pi + 1) == '^';
                    boolean in = false;
                    char x = t.charAt(ti);
                    for (int k = negate ? pi + 2 : pi + 1; k < end; k++) {
                        if (k + 2 < end && p.charAt(k + 1) == '-') {
                            in |= x >= p.charAt(k) && x <= p.charAt(k + 2);
                            k += 2;
                        } else {
                            in |= x == p.charAt(k);
                        }
                    }
                    if (in == negate) {
                        return false;
                    }
                    ti++;
                    pi = end + 1;
                }
                default -> {
                    if (c == '\\' && pi + 1 < p.length()) {
                        c = p.charAt(++pi);
                    }
                    if (ti >= t.length() || t.charAt(ti) != c) {
                        return false;
                    }
                    ti++;
                    pi++;
                }
            }
        }
        return ti == t.length();
    }
}
