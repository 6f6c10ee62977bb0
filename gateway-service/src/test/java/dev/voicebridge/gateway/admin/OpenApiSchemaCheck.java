package dev.voicebridge.gateway.admin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Checks a JSON document against a schema of the OpenAPI description: required properties there,
 * no property the description does not name, types and enums. Enough of JSON Schema for the shapes
 * this API uses ($ref, oneOf, object, array, type lists with null, enum), written out so the test
 * needs no validator library.
 */
final class OpenApiSchemaCheck {

    private final Map<String, Object> schemas;

    @SuppressWarnings("unchecked")
    OpenApiSchemaCheck(Map<String, Object> openApi) {
        this.schemas = (Map<String, Object>) ((Map<String, Object>) openApi.get("components")).get("schemas");
    }

    /** Every mismatch, each naming the JSON path; empty when the document fits. */
    List<String> check(JsonNode node, String schemaName) {
        List<String> problems = new ArrayList<>();
        check(node, Map.of("$ref", "#/components/schemas/" + schemaName), "$", problems);
        return problems;
    }

    @SuppressWarnings("unchecked")
    private void check(JsonNode node, Map<String, Object> schema, String path, List<String> problems) {
        if (schema.containsKey("$ref")) {
            String name = ((String) schema.get("$ref")).substring("#/components/schemas/".length());
            Map<String, Object> target = (Map<String, Object>) schemas.get(name);
            if (target == null) {
                problems.add(path + ": unknown schema " + name);
                return;
            }
            check(node, target, path, problems);
            return;
        }
        if (schema.containsKey("oneOf")) {
            for (Map<String, Object> option : (List<Map<String, Object>>) schema.get("oneOf")) {
                List<String> attempt = new ArrayList<>();
                check(node, option, path, attempt);
                if (attempt.isEmpty()) {
                    return;
                }
            }
            problems.add(path + ": matches none of " + schema.get("oneOf"));
            return;
        }
        List<String> types = types(schema.get("type"));
        if (node.isNull()) {
            if (!types.contains("null")) {
                problems.add(path + ": null but the description does not allow null");
            }
            return;
        }
        if (schema.containsKey("enum")
                && node.isString()
                && !((Collection<Object>) schema.get("enum")).contains(node.asString())) {
            problems.add(path + ": '" + node.asString() + "' is not one of " + schema.get("enum"));
        }
        if (types.isEmpty()) {
            return;
        }
        String actual = node.isObject()
                ? "object"
                : node.isArray()
                        ? "array"
                        : node.isString()
                                ? "string"
                                : node.isIntegralNumber()
                                        ? "integer"
                                        : node.isNumber() ? "number" : node.isBoolean() ? "boolean" : "?";
        if (!types.contains(actual) && !(actual.equals("integer") && types.contains("number"))) {
            problems.add(path + ": is " + actual + ", the description says " + types);
            return;
        }
        if (actual.equals("object")) {
            Map<String, Object> properties = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
            for (String required : (List<String>) schema.getOrDefault("required", List.of())) {
                if (!node.has(required)) {
                    problems.add(path + ": required property '" + required + "' is missing");
                }
            }
            for (String name : node.propertyNames()) {
                Map<String, Object> property = (Map<String, Object>) properties.get(name);
                Object others = schema.get("additionalProperties");
                if (property == null && (Boolean.TRUE.equals(others) || others instanceof Map)) {
                    continue; // a free-form object (the application's metadata) may hold anything
                }
                if (property == null) {
                    problems.add(path + ": property '" + name + "' is not in the description");
                } else {
                    check(node.get(name), property, path + "." + name, problems);
                }
            }
        } else if (actual.equals("array") && schema.containsKey("items")) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), (Map<String, Object>) schema.get("items"), path + "[" + i + "]", problems);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> types(Object type) {
        if (type == null) {
            return List.of();
        }
        return type instanceof List<?> list ? (List<String>) list : List.of((String) type);
    }
}
