package dev.bulwark.monitor.device;

import io.netty.handler.codec.redis.RedisCodecException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Inline commands split as Redis's sdssplitargs splits them. */
class InlineCommandTest {
    private static List<String> split(String line) {
        return Arrays.stream(InlineCommand.split(line.getBytes(StandardCharsets.ISO_8859_1)))
                .map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList();
    }

    @Test
    void blanksSeparateArgumentsAndABlankLineHasNone() {
        assertEquals(List.of("SET", "k", "v"), split("  SET\tk   v  "));
        assertEquals(List.of(), split("   "));
        assertEquals(List.of(), split(""));
    }

    @Test
    void doubleQuotesTakeEscapesAndSingleQuotesOnlyAQuote() {
        assertEquals(List.of("a b", "\n\r\t\u0007\\\"", "\u00ff", "x\\ny", "it's"),
                split("\"a b\" \"\\n\\r\\t\\a\\\\\\\"\" \"\\xff\" 'x\\ny' 'it\\'s'"));
        assertEquals(List.of(""), split("\"\""));
        assertEquals(List.of("abc d"), split("ab\"c d\"")); // a quote inside a word opens a quoted part, as in Redis
    }

    @Test
    void unbalancedQuotesAreRedisProtocolError() {
        for (String bad : List.of("\"open", "'open", "\"a\"b", "'a'b", "ab\"c")) {
            RedisCodecException e = assertThrows(RedisCodecException.class, () -> split(bad), bad);
            assertEquals("unbalanced quotes in request", e.getMessage());
        }
    }
}
