package io.pixelwise.cli;

import io.pixelwise.options.Option;
import io.pixelwise.options.OptionSpec;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command line made from an {@link OptionSpec} with picocli: {@code --key} for every option the command line
 * offers (and {@code --alias} for older spellings), typed and checked by the spec exactly as the dialog's values
 * are, and {@code --help}.
 */
public final class Flags {

    /** {@code --help} was asked for: the usage, to print on standard output before exiting with 0. */
    public static final class HelpRequested extends RuntimeException {
        HelpRequested(String usage) {
            super(usage, null, false, false);
        }
    }

    /**
     * The checked values, the keys given on the command line (the rest are defaults), and the positional argument
     * if any.
     */
    public record Parsed(OptionSpec.Values values, java.util.Set<String> given, List<String> positional) {
    }

    private Flags() {
    }

    /** Help text as picocli should print it: picocli reads descriptions as format strings ("95 %" would break). */
    private static String literal(String text) {
        return text.replace("%", "%%");
    }

    /**
     * @param positional the label and help of the positional arguments (e.g. IMAGE) and, third, how many there may
     *                   be at most (default 1); null for none
     */
    public static Parsed parse(String name, String description, OptionSpec spec, String[] positional, String[] args) {
        CommandSpec cs = CommandSpec.create().name(name);
        cs.usageMessage().description(literal(description)).width(110);
        cs.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("show this help and exit").build());
        cs.addOption(CommandLine.Model.OptionSpec.builder(NativeLogs.VERBOSE).arity("0").type(boolean.class)
                .description("also show TensorFlow's own log lines (native code, hidden by default)").build());
        for (Option o : spec.offeredBy(Option.Front.CLI)) {
            List<String> names = new ArrayList<>(List.of(o.flag()));
            o.aliases().stream().filter(a -> a.value() == null).forEach(a -> names.add("--" + a.name()));
            var b = CommandLine.Model.OptionSpec.builder(names.toArray(String[]::new))
                    .description(literal(o.helpLine()));
            if (o.kind() == Option.Kind.FLAG) {
                b.arity("0").type(boolean.class).negatable(Boolean.TRUE.equals(o.defaultValue()));
            } else {
                b.arity("1").type(String.class).paramLabel(paramLabel(o));
            }
            cs.addOption(b.build());
            for (Option.Alias a : o.aliases()) {
                if (a.value() != null) {
                    cs.addOption(CommandLine.Model.OptionSpec.builder("--" + a.name()).arity("0")
                            .type(boolean.class).description(literal("same as " + o.flag() + " '" + a.value() + "'"))
                            .build());
                }
            }
        }
        if (positional != null) {
            cs.addPositional(PositionalParamSpec.builder().paramLabel(positional[0]).index("0..*").arity("0..*")
                    .type(List.class).auxiliaryTypes(String.class).description(literal(positional[1])).build());
        }
        CommandLine cl = new CommandLine(cs).setExpandAtFiles(false);   // "@name" is a file name, not a list of args
        String usage = cl.getUsageMessage();
        ParseResult pr;
        try {
            pr = cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + "\n" + usage, e);
        }
        if (pr.isUsageHelpRequested()) {
            throw new HelpRequested(usage);
        }
        Map<String, Object> given = new LinkedHashMap<>();
        for (Option o : spec.offeredBy(Option.Front.CLI)) {
            if (pr.hasMatchedOption(o.flag())) {
                given.put(o.key(), pr.matchedOption(o.flag()).getValue());
            }
            for (Option.Alias a : o.aliases()) {
                if (a.value() != null && pr.hasMatchedOption("--" + a.name())) {
                    given.put(o.key(), a.value());
                }
            }
        }
        List<String> rest = pr.hasMatchedPositional(0) ? pr.matchedPositional(0).getValue() : List.of();
        int most = positional == null ? 0 : positional.length > 2 ? Integer.parseInt(positional[2]) : 1;
        if (rest.size() > most) {
            throw new IllegalArgumentException("unexpected argument '" + rest.get(most) + "'\n" + usage);
        }
        try {
            return new Parsed(spec.values(given, Option::flag), given.keySet(), rest);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + "\n" + usage, e);
        }
    }

    private static String paramLabel(Option o) {
        return switch (o.kind()) {
            case INTEGER -> "N";
            case NUMBER -> "X";
            case CHOICE -> "CHOICE";
            case MODEL -> "NAME|FOLDER";
            case FOLDER -> "FOLDER";
            case FILE -> "FILE";
            default -> "TEXT";
        };
    }
}
