package dev.bulwark.apps.kv;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The commands the front answers itself, about the server rather than the keys: COMMAND, CONFIG, CLIENT,
 * HELLO and SELECT, answered as Redis 7 answers them for what the KV store has (RESP2, one database, no
 * persistence). Each writes exactly one reply, or the error Redis gives, into the writer it is handed.
 *
 * <p>Threading: the front's thread only.
 */
final class ServerCommands {
    /** The Redis version the store reports: the command set and replies follow Redis 7.2. */
    static final String REDIS_VERSION = "7.2.0";

    /** What CONFIG GET reports: a store in memory, without persistence or eviction, with one database. */
    private static final Map<String, String> CONFIG = configTable();

    private static final List<String> CONFIG_HELP = List.of(
            "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "GET <pattern>",
            "    Return parameters matching the glob-like <pattern> and their values.",
            "RESETSTAT",
            "    Reset statistics reported by the INFO command (a no-op here).",
            "HELP",
            "    Print this help.");
    private static final List<String> COMMAND_HELP = List.of(
            "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "(no subcommand)",
            "    Return details about all commands.",
            "COUNT",
            "    Return the total number of commands.",
            "DOCS [<command-name> ...]",
            "    Return documentary information about commands (none here: an empty array).",
            "INFO [<command-name> ...]",
            "    Return details about the given commands, or all if none is given.",
            "LIST",
            "    Return a list of all commands.",
            "HELP",
            "    Print this help.");
    private static final List<String> CLIENT_HELP = List.of(
            "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "GETNAME",
            "    Return the name of the current connection.",
            "ID",
            "    Return the ID of the current connection.",
            "SETINFO <option> <value>",
            "    Set client meta attr. Options are: LIB-NAME, LIB-VER.",
            "SETNAME <name>",
            "    Assign the name <name> to the current connection.",
            "HELP",
            "    Print this help.");

    private final Decimal decimal = new Decimal();

    private static Map<String, String> configTable() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("save", "");
        c.put("appendonly", "no");
        c.put("databases", "1");
        c.put("maxmemory", "0");
        c.put("maxmemory-policy", "noeviction");
        c.put("cluster-enabled", "no");
        return c;
    }

    /** COMMAND [COUNT | DOCS ... | INFO ... | LIST | HELP]. */
    void command(byte[][] args, RespWriter w) {
        if (args.length == 1) {
            w.array(Command.values().length);
            for (Command c : Command.values()) {
                commandInfo(c, w);
            }
            return;
        }
        String sub = lower(args[1]);
        switch (sub) {
            case "count" -> {
                if (arity(args, 2, "command|count", w)) {
                    w.integer(Command.values().length);
                }
            }
            case "docs" -> w.array(0);
            case "info" -> {
                if (args.length == 2) {
                    command(new byte[][]{args[0]}, w);
                    return;
                }
                w.array(args.length - 2);
                for (int i = 2; i < args.length; i++) {
                    Command c = Command.find(args[i]);
                    if (c == null) {
                        w.nil();
                    } else {
                        commandInfo(c, w);
                    }
                }
            }
            case "list" -> {
                w.array(Command.values().length);
                for (Command c : Command.values()) {
                    w.bulk(c.lowerName);
                }
            }
            case "help" -> help(COMMAND_HELP, w);
            default -> w.error(Errors.unknownSubcommand(args[1], "command"));
        }
    }

    /** One command as COMMAND describes it: name, arity, flags, first key, last key, step. */
    private static void commandInfo(Command c, RespWriter w) {
        w.array(6).bulk(c.lowerName).integer(c.arity);
        w.array(c.flags.size());
        for (String flag : c.flags) {
            w.simple(flag);
        }
        w.integer(c.firstKey).integer(c.lastKey).integer(c.step);
    }

    /** CONFIG GET pattern... | SET | RESETSTAT | HELP. */
    void config(byte[][] args, RespWriter w) {
        String sub = lower(args[1]);
        switch (sub) {
            case "get" -> {
                if (!arity(args, -3, "config|get", w)) {
                    return;
                }
                Map<String, String> found = new LinkedHashMap<>();
                for (int i = 2; i < args.length; i++) {
                    String pattern = lower(args[i]);
                    CONFIG.forEach((name, value) -> {
                        if (Glob.matches(pattern, name)) {
                            found.put(name, value);
                        }
                    });
                }
                w.array(found.size() * 2);
                found.forEach((name, value) -> w.bulk(name).bulk(value));
            }
            case "set" -> {
                if (arity(args, -4, "config|set", w)) {
                    w.error("ERR CONFIG SET is not supported by Bulwark KV: '" + Errors.cut(args[2], 128)
                            + "' is fixed (the store's configuration is its chip config)");
                }
            }
            case "resetstat" -> {
                if (arity(args, 2, "config|resetstat", w)) {
                    w.ok();
                }
            }
            case "help" -> help(CONFIG_HELP, w);
            default -> w.error(Errors.unknownSubcommand(args[1], "config"));
        }
    }

    /** CLIENT SETNAME | GETNAME | SETINFO | ID | HELP, for {@code connection}. */
    void client(ClientConnection connection, byte[][] args, RespWriter w) {
        String sub = lower(args[1]);
        switch (sub) {
            case "setname" -> {
                if (arity(args, 3, "client|setname", w)) {
                    setName(connection, args[2], w);
                }
            }
            case "getname" -> {
                if (arity(args, 2, "client|getname", w)) {
                    if (connection.name() == null) {
                        w.nil();
                    } else {
                        w.bulk(connection.name());
                    }
                }
            }
            case "setinfo" -> {
                if (!arity(args, 4, "client|setinfo", w)) {
                    return;
                }
                String attribute = lower(args[2]);
                if (!attribute.equals("lib-name") && !attribute.equals("lib-ver")) {
                    w.error("ERR Unrecognized option '" + Errors.cut(args[2], 128) + "'");
                } else if (!printable(args[3])) {
                    w.error("ERR " + attribute + " cannot contain spaces, newlines or special characters.");
                } else {
                    w.ok();
                }
            }
            case "id" -> {
                if (arity(args, 2, "client|id", w)) {
                    w.integer(connection.id);
                }
            }
            case "help" -> help(CLIENT_HELP, w);
            default -> w.error(Errors.unknownSubcommand(args[1], "client"));
        }
    }

    /**
     * HELLO [protover [AUTH user pass] [SETNAME name]]: RESP2 only, so version 3 is refused with NOPROTO (a
     * client then goes on in RESP2); the reply is the map Redis sends, flattened into an array as RESP2 does.
     * There is no authentication to pass: AUTH is accepted as Redis accepts it for a user without a password.
     */
    void hello(ClientConnection connection, byte[][] args, RespWriter w) {
        if (args.length >= 2) {
            if (!decimal.parse(args[1])) {
                w.error(Errors.PROTOCOL_VERSION);
                return;
            }
            if (decimal.value() != 2) {
                w.error(Errors.NOPROTO);
                return;
            }
        }
        String name = null;
        for (int i = 2; i < args.length; i++) {
            String option = lower(args[i]);
            boolean more = args.length - i - 1 >= (option.equals("auth") ? 2 : 1);
            if (option.equals("auth") && more) {
                i += 2;
            } else if (option.equals("setname") && more) {
                name = Errors.cut(args[++i], Integer.MAX_VALUE);
                if (!printable(args[i])) {
                    w.error(Errors.CLIENT_NAME);
                    return;
                }
            } else {
                w.error("ERR Syntax error in HELLO option '" + Errors.cut(args[i], 128) + "'");
                return;
            }
        }
        if (name != null) {
            connection.name(name.isEmpty() ? null : name);
        }
        w.array(14)
                .bulk("server").bulk("redis")
                .bulk("version").bulk(REDIS_VERSION)
                .bulk("proto").integer(2)
                .bulk("id").integer(connection.id)
                .bulk("mode").bulk("standalone")
                .bulk("role").bulk("master")
                .bulk("modules").array(0);
    }

    /** SELECT index: there is one database, 0. */
    void select(byte[][] args, RespWriter w) {
        if (!decimal.parse(args[1])) {
            w.error(Errors.NOT_AN_INTEGER);
        } else if (decimal.value() != 0) {
            w.error(Errors.DB_OUT_OF_RANGE);
        } else {
            w.ok();
        }
    }

    private void setName(ClientConnection connection, byte[] name, RespWriter w) {
        if (!printable(name)) {
            w.error(Errors.CLIENT_NAME);
            return;
        }
        connection.name(name.length == 0 ? null : new String(name, StandardCharsets.UTF_8));
        w.ok();
    }

    /** Whether every byte is a printable ASCII character other than space (Redis's rule for names). */
    private static boolean printable(byte[] text) {
        for (byte b : text) {
            if (b < '!' || b > '~') {
                return false;
            }
        }
        return true;
    }

    /** Checks a subcommand's arity (Redis's convention); if it does not fit, writes the error and says false. */
    private static boolean arity(byte[][] args, int arity, String fullName, RespWriter w) {
        boolean fits = arity > 0 ? args.length == arity : args.length >= -arity;
        if (!fits) {
            w.error(Errors.wrongArity(fullName));
        }
        return fits;
    }

    private static void help(List<String> lines, RespWriter w) {
        w.array(lines.size());
        for (String line : lines) {
            w.simple(line);
        }
    }

    private static String lower(byte[] text) {
        return new String(text, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    }

    /** The names CONFIG GET knows (for tests). */
    static List<String> configNames() {
        return new ArrayList<>(CONFIG.keySet());
    }
}
