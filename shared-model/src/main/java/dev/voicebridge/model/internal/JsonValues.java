package dev.voicebridge.model.internal;

import java.math.BigDecimal;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Reads scalars the lenient way AWS's examples need; anything unusable is kept as unknown. */
public final class JsonValues {

    private JsonValues() {}

    public static boolean absent(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull();
    }

    /** A string, or a number/boolean as its text; null (and kept in {@code unknown}) for objects and arrays. */
    public static String text(JsonNode node, String path, Map<String, Object> unknown) {
        if (absent(node)) {
            return null;
        }
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isNumber() || node.isBoolean()) {
            return node.asString();
        }
        unknown.put(path, plain(node));
        return null;
    }

    /** A whole number given as a number or a numeric string; null (and kept) otherwise. */
    public static Long whole(JsonNode node, String path, Map<String, Object> unknown) {
        if (absent(node)) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            BigDecimal decimal = node.decimalValue();
            try {
                return decimal.longValueExact();
            } catch (ArithmeticException e) {
                unknown.put(path, plain(node));
                return null;
            }
        }
        if (node.isString()) {
            try {
                return Long.parseLong(node.stringValue().trim());
            } catch (NumberFormatException e) {
                unknown.put(path, plain(node));
                return null;
            }
        }
        unknown.put(path, plain(node));
        return null;
    }

    /** The node as plain Java values: Map, List, String, Number, Boolean or null. */
    public static Object plain(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        return SmaMapper.get().treeToValue(node, Object.class);
    }

    /** What a node is, in words, for error messages. */
    public static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "empty";
        }
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
