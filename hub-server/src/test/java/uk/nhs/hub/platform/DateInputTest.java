package uk.nhs.hub.platform;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DateInputTest {

    private static LocalDate read(Map<String, String> form, String missing, Map<String, String> errors) {
        return DateInput.read(name -> form.getOrDefault(name, ""), "deadline", "The deadline", "The year of the deadline",
            missing, errors);
    }

    @Test
    void readsTheThreeFieldsAsOneDate() {
        Map<String, String> errors = new HashMap<>();
        assertEquals(LocalDate.of(2027, 1, 31), read(Map.of("deadline-day", "31", "deadline-month", "1", "deadline-year", "2027"), null, errors));
        assertTrue(errors.isEmpty());
    }

    @Test
    void anOptionalDateLeftEmptyIsNoDateAndNoProblem() {
        Map<String, String> errors = new HashMap<>();
        assertNull(read(Map.of(), null, errors));
        assertTrue(errors.isEmpty());
    }

    @Test
    void aRequiredDateLeftEmptyAsksForIt() {
        Map<String, String> errors = new HashMap<>();
        assertNull(read(Map.of(), "Enter the deadline", errors));
        assertEquals("Enter the deadline", errors.get("deadline"));
    }

    @Test
    void namesTheMissingPartsAndRefusesImpossibleDates() {
        Map<String, String> errors = new HashMap<>();
        read(Map.of("deadline-day", "31"), null, errors);
        assertEquals("The deadline must include a month and year", errors.get("deadline"));
        read(Map.of("deadline-day", "31", "deadline-month", "2", "deadline-year", "2027"), null, errors);
        assertEquals("The deadline must be a real date, like 12 1 2027", errors.get("deadline"));
        read(Map.of("deadline-day", "1", "deadline-month", "2", "deadline-year", "27"), null, errors);
        assertEquals("The year of the deadline must be 4 numbers, like 2027", errors.get("deadline"));
    }

    @Test
    void acceptsTheIsoFieldWhenTheThreeFieldsAreAbsent() {
        Map<String, String> errors = new HashMap<>();
        assertEquals(LocalDate.of(2027, 3, 9), read(Map.of("deadline", "2027-03-09"), null, errors));
        read(Map.of("deadline", "9 March"), null, errors);
        assertEquals("The deadline must be a real date, like 12 1 2027", errors.get("deadline"));
    }
}
