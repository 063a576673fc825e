package dev.bulwark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * How bad input on the command line reaches the user: one line that names the option and quotes the value
 * as typed, then where to read more, and exit code 2. No usage dump, no Java class names:
 * <pre>
 * bulwark run: --duration: invalid duration '-1s': write a number with unit ns, us, ms, s or m (250ms, 1.5s)
 * Try 'bulwark run --help' for more information.
 * </pre>
 * Picocli calls {@link #handleParseException} for what it rejects while parsing; a command that finds a
 * value wrong later (a sandbox name that is not in the config) throws {@link #badValue} to end the same way.
 */
public final class OptionErrors implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        PrintWriter err = command.getErr();
        err.println(name + ": " + problem(e));
        err.println("Try '" + name + " --help' for more information.");
        err.flush();
        return ExitCodes.BAD_INPUT;
    }

    /** A value of {@code option} that the command found wrong after parsing, e.g. no such sandbox. */
    public static ParameterException badValue(CommandSpec command, String option, String value, String statement) {
        OptionValues.Problem problem = OptionValues.Problem.invalid(statement);
        return new ParameterException(command.commandLine(), problem.about(option), problem, command.findOption(option), value);
    }

    private static String problem(ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched) {
            return unmatched(unmatched);
        }
        String option = name(e.getArgSpec());
        return switch (e.getCause()) {
            case OptionValues.Problem p when option != null -> p.about(option);
            case TypeConversionException t when option != null -> option + ": " + t.getMessage();
            case null -> lowerFirst(e.getMessage()); // picocli's own words: missing option, option given twice
            default -> (option == null ? "invalid value" : option + ": invalid value") + " '" + e.getValue() + "'";
        };
    }

    private static String unmatched(UnmatchedArgumentException e) {
        String first = e.getUnmatched().isEmpty() ? "" : e.getUnmatched().getFirst();
        String what = e.isUnknownOption() ? "unknown option"
                : e.getCommandLine().getSubcommands().isEmpty() ? "unexpected argument" : "unknown command";
        List<String> suggestions = e.getSuggestions();
        return what + " '" + first + "'" + (suggestions.isEmpty() ? "" : " (did you mean '" + suggestions.getFirst() + "'?)");
    }

    private static String name(ArgSpec arg) {
        return switch (arg) {
            case OptionSpec option -> option.longestName();
            case null -> null;
            default -> arg.paramLabel();
        };
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
    }
}
