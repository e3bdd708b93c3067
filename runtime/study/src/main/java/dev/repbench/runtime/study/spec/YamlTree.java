package dev.repbench.runtime.study.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML text into a {@link SpecNode} tree, keeping each value's location. Jackson's own tree drops
 * locations, so this walks the token stream. A repeated key is a problem (YAML forbids it; silently keeping
 * the last would hide a typo).
 */
final class YamlTree {
    private static final YAMLFactory YAML = new YAMLFactory();

    private final Path file;
    private final List<SpecProblem> problems;

    private YamlTree(Path file, List<SpecProblem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /**
     * @param text     the YAML text
     * @param file     the file it came from, for messages
     * @param problems where syntax problems go
     * @return the root, or {@code null} if the text is empty or not YAML (a problem was added)
     */
    static SpecNode parse(String text, Path file, List<SpecProblem> problems) {
        YamlTree reader = new YamlTree(file, problems);
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                problems.add(new SpecProblem(file, null, "", "the file is empty — see docs/run-spec.md for the format"));
                return null;
            }
            return reader.value(parser, "");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            problems.add(new SpecProblem(file, at == null ? null : new SpecNode.Location(at.getLineNr(), at.getColumnNr()),
                    "", "not valid YAML: " + e.getOriginalMessage().strip().replaceAll("\\s*\\R\\s*", " ")));
            return null;
        } catch (IOException e) {
            problems.add(new SpecProblem(file, null, "", "cannot read the YAML: " + e.getMessage()));
            return null;
        }
    }

    private SpecNode value(JsonParser parser, String path) throws IOException {
        SpecNode.Location at = location(parser.currentTokenLocation());
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> map(parser, path, at);
            case START_ARRAY -> list(parser, path, at);
            case VALUE_NULL -> new SpecNode.Scalar(at, path, null);
            case VALUE_TRUE, VALUE_FALSE -> new SpecNode.Scalar(at, path, parser.getBooleanValue());
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? new SpecNode.Scalar(at, path, parser.getText())
                    : new SpecNode.Scalar(at, path, parser.getLongValue());
            case VALUE_NUMBER_FLOAT -> new SpecNode.Scalar(at, path, parser.getDoubleValue());
            default -> new SpecNode.Scalar(at, path, parser.getText());
        };
    }

    private SpecNode map(JsonParser parser, String path, SpecNode.Location at) throws IOException {
        Map<String, SpecNode> entries = new LinkedHashMap<>();
        Map<String, SpecNode.Location> keys = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            SpecNode.Location keyAt = location(parser.currentTokenLocation());
            parser.nextToken();
            SpecNode value = value(parser, SpecNode.child(path, key));
            if (entries.containsKey(key)) {
                problems.add(new SpecProblem(file, keyAt, SpecNode.child(path, key), "given twice (first at "
                        + keys.get(key) + ") — keep one"));
                continue;
            }
            entries.put(key, value);
            keys.put(key, keyAt);
        }
        return new SpecNode.MapNode(at, path, entries, keys);
    }

    private SpecNode list(JsonParser parser, String path, SpecNode.Location at) throws IOException {
        List<SpecNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(value(parser, path + "[" + items.size() + "]"));
        }
        return new SpecNode.ListNode(at, path, items);
    }

    private static SpecNode.Location location(JsonLocation at) {
        return new SpecNode.Location(at.getLineNr(), at.getColumnNr());
    }
}
