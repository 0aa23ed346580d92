package io.pixelwise.command;

import ij.Macro;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import io.pixelwise.ij.ImageJModels;
import io.pixelwise.options.Option;
import io.pixelwise.options.OptionSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ImageJ 1.x dialog of an {@link OptionSpec}: one field per option the dialog offers, labelled so that ImageJ
 * derives the option's key as its macro key (and Recorder key), values checked by the spec. A first-time user sees
 * the essentials and ticks "Advanced options" for the rest (a second step); a macro sets any key in one go, and
 * older spellings of keys are renamed before ImageJ reads them.
 */
final class SpecDialog {

    static final String ADVANCED = "Advanced options (a second step)";
    /** Ends the label of the field that picks a model folder instead of a listed model (key {@code KEY_folder}). */
    static final String MODEL_FOLDER = "_folder (instead of a listed model)";
    /** The listed "model" of an optional model option (fine-tuning) left empty. */
    static final String NO_MODEL = "None";

    private SpecDialog() {
    }

    /**
     * As {@link #show}, a value the spec refuses reported as the command's error (the Log in batch mode,
     * {@link Dialogs#lastError}): null then too.
     */
    static OptionSpec.Values ask(OptionSpec spec, String title, Map<String, String> initial) {
        try {
            return show(spec, title, initial);
        } catch (IllegalArgumentException e) {
            Dialogs.error(title, e.getMessage());
            return null;
        }
    }

    /**
     * The values, or null when the user canceled or a macro gave a key the command does not have; text, folder,
     * file and image fields show {@code initial} (by key) instead of the default.
     */
    private static OptionSpec.Values show(OptionSpec spec, String title, Map<String, String> initial) {
        String macro = Macro.getOptions();
        if (macro != null) {
            Map<String, String> renamed = new LinkedHashMap<>();
            for (Option o : spec.options()) {
                o.aliases().stream().filter(a -> a.value() == null).forEach(a -> renamed.put(a.name(), o.key()));
            }
            Macro.setOptions(MacroDialog.renameKeys(macro, renamed));
        }
        List<Option> fields = spec.offeredBy(Option.Front.DIALOG);
        boolean hasAdvanced = fields.stream().anyMatch(Option::advanced);
        Set<String> keys = new LinkedHashSet<>();
        for (Option o : fields) {
            keys.add(o.key());
            if (o.kind() == Option.Kind.MODEL) {
                keys.add(Macro.trimKey(folderLabel(o)));
            }
        }
        if (hasAdvanced) {
            keys.add(Macro.trimKey(ADVANCED));
        }
        Map<String, Object> given = new LinkedHashMap<>();
        if (macro != null || !hasAdvanced) {
            MacroDialog gd = new MacroDialog(title, keys);
            fields.forEach(o -> add(gd, o, initial));
            if (hasAdvanced) {
                gd.addCheckbox(ADVANCED, false);   // recorded when ticked, so it must read back
            }
            gd.showDialog();
            if (gd.wasCanceled()) {
                return null;
            }
            fields.forEach(o -> given.put(o.key(), read(gd, o)));
        } else {
            List<Option> essentials = fields.stream().filter(o -> !o.advanced()).toList();
            List<Option> advanced = fields.stream().filter(Option::advanced).toList();
            MacroDialog gd = new MacroDialog(title, keys);
            essentials.forEach(o -> add(gd, o, initial));
            gd.addCheckbox(ADVANCED, false);
            gd.showDialog();
            if (gd.wasCanceled()) {
                return null;
            }
            essentials.forEach(o -> given.put(o.key(), read(gd, o)));
            if (gd.getNextBoolean()) {
                MacroDialog more = new MacroDialog(title + " (advanced)", keys);
                advanced.forEach(o -> add(more, o, initial));
                more.showDialog();
                if (more.wasCanceled()) {
                    return null;
                }
                advanced.forEach(o -> given.put(o.key(), read(more, o)));
            }
        }
        return spec.values(given);
    }

    /** "Model_folder (instead of a listed model)": its key is the option's key + "_folder". */
    static String folderLabel(Option o) {
        return Character.toUpperCase(o.key().charAt(0)) + o.key().substring(1) + MODEL_FOLDER;
    }

    private static void add(GenericDialog gd, Option o, Map<String, String> initial) {
        switch (o.kind()) {
            case FLAG -> gd.addCheckbox(o.label(), (Boolean) o.defaultValue());
            case INTEGER -> gd.addNumericField(o.label(), ((Number) o.defaultValue()).doubleValue(), 0);
            case NUMBER -> {
                double d = ((Number) o.defaultValue()).doubleValue();
                gd.addNumericField(o.label(), d, d == Math.rint(d) ? 1 : 3);
            }
            case TEXT -> gd.addStringField(o.label(), initial.getOrDefault(o.key(), (String) o.defaultValue()), 30);
            case CHOICE -> gd.addChoice(o.label(), o.choices().toArray(String[]::new), (String) o.defaultValue());
            case MODEL -> {
                String def = ((String) o.defaultValue()).isEmpty() ? NO_MODEL : (String) o.defaultValue();
                List<String> models = new ArrayList<>(ImageJModels.available());
                if (!models.contains(def)) {
                    models.add(0, def);
                }
                gd.addChoice(o.label(), models.toArray(String[]::new), def);
                gd.addDirectoryField(folderLabel(o), "", 30);
            }
            case FOLDER -> gd.addDirectoryField(o.label(), initial.getOrDefault(o.key(), (String) o.defaultValue()), 30);
            case FILE -> gd.addFileField(o.label(), initial.getOrDefault(o.key(), (String) o.defaultValue()), 30);
            case IMAGE -> {
                List<String> titles = new ArrayList<>(WindowManager.getImageCount() > 0
                        ? List.of(WindowManager.getImageTitles()) : List.of("-"));
                String def;
                if (Option.NO_IMAGE.equals(o.defaultValue())) {
                    titles.add(0, Option.NO_IMAGE);
                    def = Option.NO_IMAGE;
                } else {
                    ImagePlus active = WindowManager.getCurrentImage();
                    def = initial.getOrDefault(o.key(), active != null ? active.getTitle() : titles.get(0));
                }
                gd.addChoice(o.label(), titles.toArray(String[]::new), def);
            }
        }
    }

    /** The field's value as the spec takes it; a number ImageJ could not read stays the text that was typed. */
    private static Object read(GenericDialog gd, Option o) {
        return switch (o.kind()) {
            case FLAG -> gd.getNextBoolean();
            case INTEGER, NUMBER -> {
                double d = gd.getNextNumber();
                if (Double.isNaN(d) && Macro.getOptions() != null) {
                    yield Macro.getValue(Macro.getOptions(), o.key(), "NaN");
                }
                yield d;
            }
            case TEXT, FOLDER, FILE -> gd.getNextString();
            case CHOICE, IMAGE -> gd.getNextChoice();
            case MODEL -> {
                String listed = gd.getNextChoice();
                String folder = gd.getNextString().trim();
                yield !folder.isEmpty() ? folder : listed.equals(NO_MODEL) ? "" : listed;
            }
        };
    }
}
