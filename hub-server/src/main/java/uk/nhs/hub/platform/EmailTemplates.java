package uk.nhs.hub.platform;

import freemarker.cache.ClassTemplateLoader;
import freemarker.template.Configuration;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

/**
 * Renders emails from FreeMarker templates under {@code templates/email/} (from hub-web): each email has a
 * subject template {@code <name>.subject.ftl}, a plain-text one {@code <name>.txt.ftl} and an HTML one
 * {@code <name>.html.ftlh}. The HTML is auto-escaped
 * by its extension; the plain text is not, since nothing reads it as markup. Templates are parsed once.
 */
public final class EmailTemplates {

    /** An email's subject and its two bodies, the same words in each. */
    public record Rendered(String subject, String text, String html) {
    }

    private final Configuration freemarker;

    public EmailTemplates() {
        freemarker = new Configuration(Configuration.VERSION_2_3_33);
        freemarker.setTemplateLoader(new ClassTemplateLoader(EmailTemplates.class.getClassLoader(), "templates/email"));
        Pages.strict(freemarker);
    }

    /** Renders both bodies of the email {@code name}; a template that fails is a programming error. */
    public Rendered render(String name, Map<String, ?> model) {
        // A subject is one line, however the template's directives broke it up.
        String subject = renderOne(name + ".subject.ftl", model).replaceAll("\\s+", " ").strip();
        return new Rendered(subject, renderOne(name + ".txt.ftl", model), renderOne(name + ".html.ftlh", model));
    }

    private String renderOne(String template, Map<String, ?> model) {
        StringWriter out = new StringWriter();
        try {
            freemarker.getTemplate(template).process(model, out);
        } catch (IOException | freemarker.template.TemplateException e) {
            throw new IllegalStateException("email template " + template + " failed to render", e);
        }
        return out.toString();
    }
}
