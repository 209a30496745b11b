package uk.nhs.hub.discussion;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mentions in a post as people type them: {@code @Priya Shah} or {@code @Lead nurse} (a member's name or a
 * role title of the network, the longest that fits first, so "@Priya Shah" is not taken for a member called
 * "Priya"), {@code @[Priya Shah]} (the older bracketed form) and {@code @priya.shah@nhs.net}. The text shown
 * names the person without the typing code: the {@code @} and brackets of a matched mention are dropped.
 */
final class Mentions {

    /** At most this many people or roles are told about one post. */
    static final int MAX = 50;

    private static final Pattern BRACKETED = Pattern.compile("@\\[([^\\]\\n]{1,100})\\]");
    private static final Pattern EMAIL = Pattern.compile("@([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,})");

    /** What a text mentions (lower-case names, role titles or email addresses) and the markdown to render. */
    record Found(Set<String> keys, String markdown) {
    }

    private Mentions() {
    }

    /** The mentions in {@code text} of any of {@code names} (the network's members' names and role titles). */
    static Found in(String text, Collection<String> names) {
        List<String> longestFirst = names.stream().filter(n -> n != null && !n.isBlank()).map(String::strip).distinct()
            .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        Set<String> keys = new LinkedHashSet<>();
        StringBuilder out = new StringBuilder(text.length());
        Matcher bracketed = BRACKETED.matcher(text);
        Matcher email = EMAIL.matcher(text);
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '@' || (i > 0 && partOfWord(text.charAt(i - 1)))) {
                out.append(c);
                i++;
                continue;
            }
            if (bracketed.region(i, text.length()).lookingAt()) {
                String name = bracketed.group(1).strip();
                remember(keys, name);
                out.append(name);
                i = bracketed.end();
                continue;
            }
            if (email.region(i, text.length()).lookingAt()) {
                remember(keys, email.group(1));
                out.append(text, i, email.end());
                i = email.end();
                continue;
            }
            String named = nameAt(text, i + 1, longestFirst);
            if (named != null) {
                remember(keys, named);
                out.append(named);
                i += 1 + named.length();
                continue;
            }
            out.append(c);
            i++;
        }
        return new Found(keys, out.toString());
    }

    private static String nameAt(String text, int from, List<String> longestFirst) {
        for (String name : longestFirst) {
            int end = from + name.length();
            if (text.regionMatches(true, from, name, 0, name.length())
                && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)))) {
                return name;
            }
        }
        return null;
    }

    // an @ inside a word is part of an email address or a handle, not a mention
    private static boolean partOfWord(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '+' || c == '-';
    }

    private static void remember(Set<String> keys, String key) {
        if (keys.size() < MAX) {
            keys.add(key.toLowerCase(Locale.ROOT));
        }
    }
}
