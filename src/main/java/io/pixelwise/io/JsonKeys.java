package io.pixelwise.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.TreeSet;

/**
 * Keys a hand-written JSON file gives that the class it is read into has no field for. Gson skips them silently, so a
 * misspelt option ({@code "elastc": true}) would train or run without it and nobody would know.
 */
public final class JsonKeys {

    private JsonKeys() {
    }

    /**
     * The first key of {@code json} (and of its objects read into Pixelwise's own classes, by path) that {@code type}
     * does not take, with the keys that are taken there; null when all are known. Lists and maps hold free values.
     */
    public static String unknown(JsonElement json, Class<?> type) {
        return unknown(json, type, "");
    }

    private static String unknown(JsonElement json, Class<?> type, String path) {
        if (!(json instanceof JsonObject object)) {
            return null;
        }
        for (Map.Entry<String, JsonElement> e : object.entrySet()) {
            Field f = field(type, e.getKey());
            if (f == null) {
                return "unknown key '" + path + e.getKey() + "' (known" + (path.isEmpty() ? "" : " in '"
                        + path.substring(0, path.length() - 1) + "'") + ": " + String.join(", ", keys(type)) + ")";
            }
            String inside = f.getType().getName().startsWith("io.pixelwise.")
                    ? unknown(e.getValue(), f.getType(), path + e.getKey() + ".") : null;
            if (inside != null) {
                return inside;
            }
        }
        return null;
    }

    private static Field field(Class<?> type, String key) {
        for (Field f : type.getDeclaredFields()) {
            if (f.getName().equals(key) && serialised(f)) {
                return f;
            }
        }
        return null;
    }

    private static TreeSet<String> keys(Class<?> type) {
        TreeSet<String> keys = new TreeSet<>();
        for (Field f : type.getDeclaredFields()) {
            if (serialised(f)) {
                keys.add(f.getName());
            }
        }
        return keys;
    }

    /** What Gson reads: instance fields that are not transient (nor the compiler's own). */
    private static boolean serialised(Field f) {
        return !Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers()) && !f.isSynthetic();
    }
}
