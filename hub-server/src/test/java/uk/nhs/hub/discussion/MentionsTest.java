package uk.nhs.hub.discussion;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MentionsTest {

    private static final List<String> NAMES = List.of("Priya", "Priya Shah", "Lead nurse", "Tom Reid");

    @Test
    void theLongestNameThatFitsIsTheOneMentioned() {
        Mentions.Found found = Mentions.in("Thanks @Priya Shah, and @priya too.", NAMES);
        assertEquals(Set.of("priya shah", "priya"), found.keys());
        assertEquals("Thanks Priya Shah, and Priya too.", found.markdown());
    }

    @Test
    void aNameMustEndAtAWordBoundary() {
        Mentions.Found found = Mentions.in("@Tom Reidford is not Tom", NAMES);
        assertEquals(Set.of(), found.keys());
        assertEquals("@Tom Reidford is not Tom", found.markdown());
    }

    @Test
    void bracketedNamesRoleTitlesAndEmailAddressesAreMentionsToo() {
        Mentions.Found found = Mentions.in("@[Lead nurse] and @tom.reid@nhs.net, not me@example.org", NAMES);
        assertEquals(Set.of("lead nurse", "tom.reid@nhs.net"), found.keys());
        assertEquals("Lead nurse and @tom.reid@nhs.net, not me@example.org", found.markdown());
    }
}
