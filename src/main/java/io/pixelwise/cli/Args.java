package io.pixelwise.cli;

/** Walks command-line arguments; a bad or missing value names its flag and shows the usage. */
final class Args {

    private final String[] args;
    private final String usage;
    private int i;

    Args(String[] args, String usage) {
        this.args = args;
        this.usage = usage;
    }

    boolean hasNext() {
        return i < args.length;
    }

    String next() {
        return args[i++];
    }

    /** The value after {@code flag}. */
    String value(String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value\n" + usage);
        }
        return args[i++];
    }

    int intValue(String flag) {
        String v = value(flag);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " expects a whole number, got '" + v + "'");
        }
    }

    double doubleValue(String flag) {
        String v = value(flag);
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException(flag + " expects a finite number, got '" + v + "'");
        }
        return d;
    }

    IllegalArgumentException unexpected(String arg) {
        return new IllegalArgumentException("unexpected argument '" + arg + "'\n" + usage);
    }
}
