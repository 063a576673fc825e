package dev.bulwark.bench.ipc;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {
    @Test
    void rendersWhatAParserReadsBack() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("rate", 1234567.891234);
        inner.put("none", Double.NaN);
        inner.put("infinite", Double.POSITIVE_INFINITY);
        inner.put("count", 42L);
        inner.put("empty", Map.of());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("text", "quote \" backslash \\ newline \n tab \t bell \u0007 µs");
        root.put("flag", true);
        root.put("nothing", null);
        root.put("list", List.of(1, 2.5, "x"));
        root.put("objects", List.of(inner, Map.of("a", 1)));

        String json = Json.render(root);
        JsonObject read = JsonParser.parseString(json).getAsJsonObject();
        assertEquals(root.get("text"), read.get("text").getAsString());
        assertTrue(read.get("flag").getAsBoolean());
        assertTrue(read.get("nothing").isJsonNull());
        assertEquals(3, read.getAsJsonArray("list").size());
        JsonObject first = read.getAsJsonArray("objects").get(0).getAsJsonObject();
        assertEquals(1234567.891, first.get("rate").getAsDouble(), 0.0, "three decimals");
        assertTrue(first.get("none").isJsonNull(), "NaN is no figure");
        assertTrue(first.get("infinite").isJsonNull());
        assertEquals(42, first.get("count").getAsLong());
        assertTrue(json.contains("\"rate\": 1234567.891,"), json);
        assertTrue(json.contains("\"list\": [1, 2.5, \"x\"]"), "scalars on one line: " + json);
    }
}
