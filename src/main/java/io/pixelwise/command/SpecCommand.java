package io.pixelwise.command;

import ij.ImagePlus;
import io.pixelwise.options.Option;
import io.pixelwise.options.OptionSpec;
import org.scijava.app.StatusService;
import org.scijava.command.DynamicCommand;
import org.scijava.command.DynamicCommandInfo;
import org.scijava.log.LogService;
import org.scijava.module.DefaultMutableModuleItem;
import org.scijava.plugin.Parameter;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A SciJava command whose inputs are made from an {@link OptionSpec} (one input per option the dialog offers,
 * named by its key), so its names, labels, defaults and ranges cannot drift from the ImageJ dialog's and the
 * command line's. Callers pass values by key. Being a {@link DynamicCommand}, it runs through the module service
 * ({@code CommandService.run} returns null for such commands, a known limit of SciJava's API):
 * {@code module.run(command.getCommand(SegmentImageCommand.class), true, "image", imp, "tile", 512).get()}.
 */
public abstract class SpecCommand extends DynamicCommand {

    @Parameter
    protected StatusService status;

    @Parameter
    protected LogService log;

    private boolean added;

    protected abstract OptionSpec spec();

    /** The spec's inputs join the command's own the first time anyone looks, before callers' values arrive. */
    @Override
    public DynamicCommandInfo getInfo() {
        DynamicCommandInfo info = super.getInfo();
        if (!added) {
            added = true;
            for (Option o : spec().offeredBy(Option.Front.SCIJAVA)) {
                if (info.getInput(o.key()) != null) {
                    throw new IllegalStateException(getClass().getName() + ": option '" + o.key() + "' has the name "
                            + "of an input SciJava gives every command; choose another key");
                }
                info.addInput(item(o));
            }
        }
        return info;
    }

    private DefaultMutableModuleItem<?> item(Option o) {
        return switch (o.kind()) {
            case FLAG -> item(o, Boolean.class, (Boolean) o.defaultValue());
            case INTEGER -> {
                var item = item(o, Long.class, ((Number) o.defaultValue()).longValue());
                item.setMinimumValue((long) Math.max(o.min(), Long.MIN_VALUE));
                item.setMaximumValue((long) Math.min(o.max(), Long.MAX_VALUE));
                yield item;
            }
            case NUMBER -> {
                var item = item(o, Double.class, ((Number) o.defaultValue()).doubleValue());
                item.setMinimumValue(o.min());
                item.setMaximumValue(o.max());
                yield item;
            }
            case CHOICE -> {
                var item = item(o, String.class, (String) o.defaultValue());
                item.setChoices(o.choices());
                yield item;
            }
            case TEXT, MODEL -> item(o, String.class, (String) o.defaultValue());
            case IMAGE -> {
                var item = item(o, ImagePlus.class, null);
                item.setRequired(!Option.NO_IMAGE.equals(o.defaultValue()));
                yield item;
            }
            case FOLDER, FILE -> {
                var item = item(o, File.class, null);
                item.setWidgetStyle(o.kind() == Option.Kind.FOLDER ? "directory" : "file");
                yield item;
            }
        };
    }

    private <T> DefaultMutableModuleItem<T> item(Option o, Class<T> type, T defaultValue) {
        var item = new DefaultMutableModuleItem<>(this, o.key(), type);
        item.setLabel(o.label());
        item.setDescription(o.help());
        item.setPersisted(false);
        item.setRequired(false);
        if (defaultValue != null) {
            item.setDefaultValue(defaultValue);
        }
        return item;
    }

    /** The image given for option {@code key}, or null where an optional one was left out. */
    protected ImagePlus image(String key) {
        return (ImagePlus) getInput(key);
    }

    /** The values the caller gave (by key), the rest at their defaults, checked against the spec. */
    protected OptionSpec.Values values() {
        Map<String, Object> given = new LinkedHashMap<>();
        for (Option o : spec().offeredBy(Option.Front.SCIJAVA)) {
            Object v = getInput(o.key());
            if (v != null) {
                given.put(o.key(), v instanceof File f ? f.getPath() : v instanceof ImagePlus imp ? imp.getTitle() : v);
            }
        }
        return spec().values(given);
    }
}
