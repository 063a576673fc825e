package dev.bulwark.apps.kv;

import java.nio.charset.StandardCharsets;

/**
 * Redis 7's error replies, worded as Redis words them (its {@code server.c}, {@code t_string.c},
 * {@code object.c}), so that clients that match on them behave as they do with Redis. Texts start with the
 * error code and carry no CR or LF.
 */
final class Errors {
    private Errors() {
    }

    static final String SYNTAX = "ERR syntax error";
    static final String NOT_AN_INTEGER = ShardExecutor.NOT_AN_INTEGER;
    static final String OVERFLOW = ShardExecutor.OVERFLOW;
    static final String DECREMENT_OVERFLOW = "ERR decrement would overflow";
    static final String INVALID_EXPIRE_SET = "ERR invalid expire time in 'set' command";
    static final String DB_OUT_OF_RANGE = "ERR DB index is out of range";
    static final String NOPROTO = "NOPROTO unsupported protocol version";
    static final String PROTOCOL_VERSION = "ERR Protocol version is not an integer or out of range";
    static final String CLIENT_NAME = "ERR Client names cannot contain spaces, newlines or special characters.";

    /** {@code ERR wrong number of arguments for 'get' command} (a subcommand as {@code 'config|get'}). */
    static String wrongArity(String fullName) {
        return "ERR wrong number of arguments for '" + fullName + "' command";
    }

    /**
     * {@code ERR unknown command 'foo', with args beginning with: 'a' 'b' }: the name cut at 128 bytes, then
     * each argument quoted and followed by a space while the list is under 128 bytes, each cut to what is
     * left of them (Redis's {@code processCommand}).
     */
    static String unknownCommand(byte[][] args) {
        StringBuilder list = new StringBuilder();
        for (int i = 1; i < args.length && list.length() < 128; i++) {
            int room = 128 - list.length();
            list.append('\'').append(cut(args[i], room)).append("' ");
        }
        return "ERR unknown command '" + cut(args[0], 128) + "', with args beginning with: " + list;
    }

    /** {@code ERR unknown subcommand 'foo'. Try CONFIG HELP.} */
    static String unknownSubcommand(byte[] subcommand, String command) {
        return "ERR unknown subcommand '" + cut(subcommand, 128) + "'. Try " + command.toUpperCase() + " HELP.";
    }

    /** The first {@code max} bytes of {@code text} as a string. */
    static String cut(byte[] text, int max) {
        return new String(text, 0, Math.min(Math.max(max, 0), text.length), StandardCharsets.UTF_8);
    }
}
