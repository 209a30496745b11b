package uk.nhs.hub.platform;

import freemarker.template.Configuration;
import freemarker.template.Template;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
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
}
