package uk.nhs.hub.platform;

import freemarker.template.Configuration;
import freemarker.template.Template;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.StringReader;
import java.time.Instant;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The settings every page and email is rendered with. */
class TemplateSettingsTest {

    @Test
    void numbersAreWrittenTheUkWayWhateverTheMachinesLocale() throws Exception {
        Locale machine = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            Configuration freemarker = new Configuration(Configuration.VERSION_2_3_33);
            Pages.strict(freemarker);
            Template template = new Template("counts", new StringReader("${members} members, ${share} each, ${members?c}"), freemarker);
            StringWriter out = new StringWriter();
            template.process(Map.of("members", 12345, "share", 2.5), out);
            assertEquals("12,345 members, 2.5 each, 12345", out.toString());
        } finally {
            Locale.setDefault(machine);
        }
    }

    @Test
    void aJsonModelBecomesTheSamePlainMapsAsItsJsonTextWouldDecodeTo() {
        JsonObject json = new JsonObject().put("title", "Board").put("count", 3).put("big", 12_345_678_901L).put("share", 2.5)
            .put("open", true).put("none", null).put("at", Instant.parse("2027-01-12T10:00:00Z"))
            .put("bytes", new byte[]{1, 2, 3}).put("words", new StringBuilder("built"))
            .put("network", new JsonObject().put("name", "Leeds").put("tags", new JsonArray().add("a").add(new JsonObject().put("b", 1))))
            .put("dates", new JsonArray().add(new JsonObject().put("start", "2027-01-12T10:00:00Z")).add(new JsonArray()));
        assertEquals(Json.decodeValue(json.encode(), Map.class), Pages.plain(json));
        assertEquals(Json.decodeValue(json.getJsonArray("dates").encode(), java.util.List.class), Pages.plain(json.getJsonArray("dates")));
    }
}
