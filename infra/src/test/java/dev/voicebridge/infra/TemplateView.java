package dev.voicebridge.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.assertions.Template;

/**
 * Read-only helpers over a synthesized template: resources by type, IAM statements, and the SDK
 * calls inside the custom resources (whose JSON CloudFormation joins from strings and references;
 * references are rendered as {@code @Ref(X)} / {@code @GetAtt(X.Attr)} so the call parses as JSON).
 */
final class TemplateView {

    private static final ObjectMapper JSON = new ObjectMapper();

    final Template template;
    final Map<String, Object> json;

    @SuppressWarnings("unchecked")
    TemplateView(Template template) {
        this.template = template;
        this.json = (Map<String, Object>) template.toJSON();
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> resources() {
        return (Map<String, Map<String, Object>>) json.get("Resources");
    }

    Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        resources().forEach((id, r) -> {
            if (type.equals(r.get("Type"))) {
                out.put(id, r);
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    /** One IAM statement with the logical id of the policy or role that holds it. */
    record Statement(
            String holder, String condition, List<String> actions, List<Object> resources, Map<String, Object> raw) {}

    @SuppressWarnings("unchecked")
    List<Statement> iamStatements() {
        List<Statement> out = new ArrayList<>();
        resources().forEach((id, r) -> {
            String type = (String) r.get("Type");
            List<Map<String, Object>> documents = new ArrayList<>();
            if ("AWS::IAM::Policy".equals(type)) {
                documents.add((Map<String, Object>) properties(r).get("PolicyDocument"));
            } else if ("AWS::IAM::Role".equals(type)) {
                for (Object p : (List<Object>) properties(r).getOrDefault("Policies", List.of())) {
                    documents.add((Map<String, Object>) ((Map<String, Object>) p).get("PolicyDocument"));
                }
            }
            for (Map<String, Object> document : documents) {
                for (Object s : (List<Object>) document.get("Statement")) {
                    Map<String, Object> statement = (Map<String, Object>) s;
                    out.add(new Statement(
                            id,
                            (String) r.get("Condition"),
                            asList(statement.get("Action")).stream()
                                    .map(Object::toString)
                                    .toList(),
                            asList(statement.get("Resource")),
                            statement));
                }
            }
        });
        return out;
    }

    /** Statements of the policies attached to one role (by the role's logical id). */
    @SuppressWarnings("unchecked")
    List<Statement> statementsOfRole(String roleLogicalId) {
        List<String> holders = new ArrayList<>();
        resourcesOfType("AWS::IAM::Policy").forEach((id, r) -> {
            List<Object> roles = (List<Object>) properties(r).get("Roles");
            if (roles.contains(Map.of("Ref", roleLogicalId))) {
                holders.add(id);
            }
        });
        return iamStatements().stream()
                .filter(s -> holders.contains(s.holder()))
                .toList();
    }

    List<String> logicalIdsStartingWith(String type, String prefix) {
        return resourcesOfType(type).keySet().stream()
                .filter(id -> id.startsWith(prefix))
                .sorted()
                .toList();
    }

    String logicalIdStartingWith(String type, String prefix) {
        List<String> ids = resourcesOfType(type).keySet().stream()
                .filter(id -> id.startsWith(prefix))
                .toList();
        if (ids.size() != 1) {
            throw new AssertionError("expected one " + type + " starting with " + prefix + ", found " + ids);
        }
        return ids.get(0);
    }

    /** The SDK call a Custom::AWS resource makes on the given event (Create, Update, Delete). */
    @SuppressWarnings("unchecked")
    Map<String, Object> sdkCall(String logicalId, String event) {
        Object raw = properties(resources().get(logicalId)).get(event);
        if (raw == null) {
            return null;
        }
        try {
            return JSON.readValue(render(raw), Map.class);
        } catch (JsonProcessingException e) {
            throw new AssertionError("custom resource " + logicalId + " " + event + " is not JSON: " + render(raw), e);
        }
    }

    /** Custom::AWS resources whose create call is {@code action}. */
    List<String> customResourcesCalling(String action) {
        return resourcesOfType("Custom::AWS").keySet().stream()
                .filter(id -> action.equals(sdkCall(id, "Create").get("action")))
                .toList();
    }

    @SuppressWarnings("unchecked")
    static String render(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Map<?, ?> map) {
            if (map.containsKey("Fn::Join")) {
                List<Object> join = (List<Object>) map.get("Fn::Join");
                String separator = (String) join.get(0);
                List<String> parts = ((List<Object>) join.get(1))
                        .stream().map(TemplateView::render).toList();
                return String.join(separator, parts);
            }
            if (map.containsKey("Fn::Sub") && map.get("Fn::Sub") instanceof String sub) {
                return sub;
            }
            if (map.containsKey("Ref")) {
                return "@Ref(" + map.get("Ref") + ")";
            }
            if (map.containsKey("Fn::GetAtt")) {
                List<Object> att = (List<Object>) map.get("Fn::GetAtt");
                return "@GetAtt(" + att.get(0) + "." + att.get(1) + ")";
            }
        }
        return Objects.toString(value);
    }

    static String ref(String logicalId) {
        return "@Ref(" + logicalId + ")";
    }

    static String getAtt(String logicalId, String attribute) {
        return "@GetAtt(" + logicalId + "." + attribute + ")";
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : value == null ? List.of() : List.of(value);
    }
}
