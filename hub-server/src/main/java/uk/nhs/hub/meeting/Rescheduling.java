package uk.nhs.hub.meeting;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What happens to the dates of a series when its schedule (first start, time zone or rule) changes. Everything
 * kept for one date (its cancellation, move, theme, venue, replies, register, workshops, items, guests, invitees,
 * discussion) is keyed by the date's original start, so it has to follow the date to its new original start.
 *
 * <p>A date follows the series: it moves by the same amount as the first start did (10:00 to 11:00 moves every
 * date an hour later; a week later moves every date a week later). When the new rule has no date there, it goes
 * to the new rule's only date on the same day, if there is one. A date with neither is dropped, and the organiser
 * is asked before anything kept for it is lost.
 */
final class Rescheduling {

    /** One original start moving to another. */
    record Move(Instant from, Instant to) {
    }

    /**
     * The plan: moves in an order that never puts two rows on one key at once, the dates whose rows are dropped
     * because the new schedule has no place for them, and stale keys (matching no date of the old schedule
     * either) that must be cleared because a date moves onto them.
     */
    record Plan(List<Move> moves, List<Instant> dropped, List<Instant> cleared) {

        boolean changesNothing() {
            return moves.isEmpty() && dropped.isEmpty() && cleared.isEmpty();
        }
    }

    private Rescheduling() {
    }

    /**
     * @param keys every original start that has something kept for it (any table), in any order
     */
    static Plan plan(Recurrence before, Recurrence after, Set<Instant> keys) {
        Map<Instant, Instant> targets = new TreeMap<>();
        Set<Instant> taken = new HashSet<>();
        List<Instant> unplaced = new ArrayList<>();
        Duration shift = Duration.between(before.start(), after.start());
        // Dates that move with the series first, so that a same-day fallback never takes a date that has its own.
        for (Instant key : new TreeSet<>(keys)) {
            if (!before.occursAt(key)) {
                continue;
            }
            Instant shifted = LocalDateTime.ofInstant(key, before.zone()).plus(shift).atZone(after.zone()).toInstant();
            if (after.occursAt(shifted)) {
                targets.put(key, shifted);
                taken.add(shifted);
            } else {
                unplaced.add(key);
            }
        }
        List<Instant> dropped = new ArrayList<>();
        for (Instant key : unplaced) {
            ZonedDateTime day = LocalDateTime.ofInstant(key, before.zone()).toLocalDate().atStartOfDay(after.zone());
            List<ZonedDateTime> sameDay = after.between(day.toInstant(), day.plusDays(1).toInstant());
            if (sameDay.size() == 1 && !taken.contains(sameDay.get(0).toInstant())) {
                targets.put(key, sameDay.get(0).toInstant());
                taken.add(sameDay.get(0).toInstant());
            } else {
                dropped.add(key);
            }
        }
        targets.entrySet().removeIf(move -> move.getKey().equals(move.getValue()));
        List<Instant> cleared = new ArrayList<>();
        for (Instant key : keys) {
            if (!before.occursAt(key) && taken.contains(key)) {
                cleared.add(key);
            }
        }
        return new Plan(ordered(targets, keys), dropped, cleared);
    }

    /**
     * Moves in an order where each target is free when its move runs: a move waits until the move away from
     * its target has run. A cycle (each date taking the next one's place) is broken by parking one date on a
     * key nothing uses.
     */
    private static List<Move> ordered(Map<Instant, Instant> targets, Set<Instant> keys) {
        Map<Instant, Instant> pending = new LinkedHashMap<>(targets);
        Set<Instant> used = new HashSet<>(keys);
        used.addAll(targets.values());
        List<Move> ordered = new ArrayList<>();
        while (!pending.isEmpty()) {
            Map.Entry<Instant, Instant> free = pending.entrySet().stream()
                .filter(move -> !pending.containsKey(move.getValue())).findFirst().orElse(null);
            if (free != null) {
                ordered.add(new Move(free.getKey(), free.getValue()));
                pending.remove(free.getKey());
                continue;
            }
            Map.Entry<Instant, Instant> cycle = pending.entrySet().iterator().next();
            Instant parking = cycle.getKey().minusSeconds(1);
            while (used.contains(parking)) {
                parking = parking.minusSeconds(1);
            }
            used.add(parking);
            ordered.add(new Move(cycle.getKey(), parking));
            Instant target = cycle.getValue();
            pending.remove(cycle.getKey());
            pending.put(parking, target);
        }
        return ordered;
    }
}
