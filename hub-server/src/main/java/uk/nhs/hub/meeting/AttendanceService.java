package uk.nhs.hub.meeting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.HubException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The attendance register of each occurrence (organisers mark attended, apologies or no-show) and the
 * attendance report of a network's programme: for every occurrence in a period, how many people from the
 * network itself and from each network inside it attended.
 */
final class AttendanceService {

    private static final Set<String> MARKS = Set.of("attended", "apologies", "no-show");

    private final Pool pool;
    private final MeetingService meetings;
    private final NetworkService networks;
    private final Clock clock;

    AttendanceService(Pool pool, MeetingService meetings, NetworkService networks, Clock clock) {
        this.clock = clock;
        this.pool = pool;
        this.meetings = meetings;
        this.networks = networks;
    }

    private Future<Meeting> organised(SignedInUser actor, UUID meetingId) {
        return meetings.organised(actor, meetingId, "Only an organiser of this network keeps the register").map(MeetingService.Visible::meeting);
    }

    private static OffsetDateTime original(String start) {
        return MeetingService.originalStart(start);
    }

    /**
     * The register: everyone in the network with their reply and mark, grouped by the network inside this one
     * that they belong to, and when marking opens (the date's start: nobody can have attended before then).
     */
    Future<JsonObject> register(SignedInUser actor, UUID meetingId, String start) {
        OffsetDateTime original = original(start);
        return organised(actor, meetingId).compose(meeting -> meetings.occurrence(meeting, original))
            .compose(occurrence -> pool.preparedQuery(MeetingSql.REGISTER).execute(Tuple.of(meetingId, original)).map(rows -> {
                JsonArray register = new JsonArray();
                for (Row row : rows) {
                    String response = row.getString("response");
                    UUID delegate = row.getUUID("delegate_user_id");
                    register.add(new JsonObject()
                        .put("userId", row.getUUID("user_id").toString())
                        .put("displayName", row.getString("display_name"))
                        .put("organisation", row.getString("organisation"))
                        .put("role", row.getString("role"))
                        .put("roleTitle", row.getString("role_title"))
                        .put("reply", response == null ? null : RsvpService.status(response, row.getBoolean("waitlisted")))
                        .put("delegateUserId", delegate == null ? null : delegate.toString())
                        .put("delegateName", row.getString("delegate_name"))
                        .put("networkId", row.getUUID("group_id").toString())
                        .put("networkName", row.getString("group_name"))
                        .put("mark", row.getString("mark")));
                }
                Instant opens = occurrence.start().toInstant();
                return new JsonObject().put("register", register)
                    .put("markingOpens", occurrence.start().toOffsetDateTime().toString())
                    .put("markingOpen", !clock.instant().isBefore(opens));
            }));
    }

    /**
     * Marks as attended everyone (in one network of the register, or all when {@code networkId} is null) who
     * replied yes or sent a delegate and has no mark yet, together with the {@code marks} chosen on the form.
     */
    Future<JsonObject> markRepliedYes(SignedInUser actor, UUID meetingId, String start, UUID networkId, JsonArray marks) {
        return register(actor, meetingId, start).compose(register -> {
            if (!register.getBoolean("markingOpen")) {
                return Future.failedFuture(notYetHappened(OffsetDateTime.parse(register.getString("markingOpens"))
                    .atZoneSameInstant(DateTimeWords.READER)));
            }
            Set<String> chosen = new HashSet<>();
            JsonArray all = marks.copy();
            all.forEach(m -> chosen.add(((JsonObject) m).getString("userId")));
            for (Object o : register.getJsonArray("register")) {
                JsonObject person = (JsonObject) o;
                boolean inScope = networkId == null || networkId.toString().equals(person.getString("networkId"));
                boolean going = "confirmed".equals(person.getString("reply")) || person.getString("delegateUserId") != null;
                if (inScope && going && person.getString("mark") == null && !chosen.contains(person.getString("userId"))) {
                    all.add(new JsonObject().put("userId", person.getString("userId")).put("mark", "attended"));
                }
            }
            return all.isEmpty() ? Future.succeededFuture(register) : mark(actor, meetingId, start, new JsonObject().put("marks", all));
        });
    }

    private static HubException notYetHappened(java.time.ZonedDateTime start) {
        return HubException.conflict("marks", "This date has not happened yet. Marking opens when it starts, "
            + DateTimeWords.moment(start, DateTimeWords.READER) + ".");
    }

    /** Records marks for the listed people, all or none; each must belong to the meeting's network. */
    Future<JsonObject> mark(SignedInUser actor, UUID meetingId, String start, JsonObject body) {
        OffsetDateTime original = original(start);
        if (!(body.getValue("marks") instanceof JsonArray marks) || marks.isEmpty()) {
            return Future.failedFuture(HubException.invalid("marks", "Send marks as a list of {userId, mark}"));
        }
        Map<UUID, String> byUser = new LinkedHashMap<>();
        for (int i = 0; i < marks.size(); i++) {
            Object item = marks.getValue(i);
            if (!(item instanceof JsonObject entry) || !(entry.getValue("mark") instanceof String mark) || !MARKS.contains(mark)) {
                return Future.failedFuture(HubException.invalid("marks", "Mark " + (i + 1)
                    + " must be attended, apologies or no-show for a userId"));
            }
            try {
                byUser.put(UUID.fromString(entry.getString("userId")), mark);
            } catch (RuntimeException e) {
                return Future.failedFuture(HubException.invalid("marks", "Mark " + (i + 1) + " has no valid userId"));
            }
        }
        return organised(actor, meetingId).compose(meeting -> meetings.occurrence(meeting, original)).compose(occurrence -> {
            if (clock.instant().isBefore(occurrence.start().toInstant())) {
                return Future.failedFuture(notYetHappened(occurrence.start()));
            }
            UUID[] ids = byUser.keySet().toArray(new UUID[0]);
            return pool.preparedQuery(MeetingSql.MEMBERS_OF_MEETING_NETWORK).execute(Tuple.of(meetingId).addArrayOfUUID(ids));
        }).compose(rows -> {
            Set<UUID> members = new HashSet<>();
            rows.forEach(row -> members.add(row.getUUID("user_id")));
            List<String> strangers = byUser.keySet().stream().filter(id -> !members.contains(id)).map(UUID::toString).toList();
            if (!strangers.isEmpty()) {
                return Future.failedFuture(HubException.invalid("marks", "Not in this network: " + String.join(", ", strangers)));
            }
            return pool.withTransaction(tx -> {
                Future<Void> chain = Future.succeededFuture();
                for (Map.Entry<UUID, String> entry : byUser.entrySet()) {
                    chain = chain.compose(v -> tx.preparedQuery(MeetingSql.SAVE_MARK)
                        .execute(Tuple.of(meetingId, original, entry.getKey(), entry.getValue(), actor.id())).mapEmpty());
                }
                return chain;
            });
        }).compose(v -> register(actor, meetingId, start));
    }

    /**
     * The programme years a report may cover: from the year of the network's first meeting to the year of its
     * last date within five years of that, and always the current one.
     */
    Future<List<ProgrammeYear>> years(SignedInUser actor, UUID networkId) {
        ProgrammeYear current = currentYear();
        return pool.preparedQuery(MeetingSql.MEETING_SPAN).execute(Tuple.of(networkId)).compose(rows -> {
            java.time.LocalDateTime first = rows.iterator().next().getLocalDateTime("first_start");
            if (first == null) {
                return Future.succeededFuture(List.of(current));
            }
            ProgrammeYear earliest = ProgrammeYear.of(first.atZone(DateTimeWords.READER).toInstant());
            Instant from = earliest.start();
            Instant to = from.plus(java.time.Duration.ofDays(5 * 365));
            return meetings.ofNetwork(actor, networkId, from.toString(), to.toString()).map(list -> {
                Instant last = clock.instant();
                for (Object m : list) {
                    for (Object o : ((JsonObject) m).getJsonArray("occurrences")) {
                        Instant at = OffsetDateTime.parse(((JsonObject) o).getString("start")).toInstant();
                        last = at.isAfter(last) ? at : last;
                    }
                }
                ProgrammeYear latest = ProgrammeYear.of(last);
                List<ProgrammeYear> years = new ArrayList<>();
                for (ProgrammeYear y = earliest.firstYear() <= current.firstYear() ? earliest : current;
                     y.firstYear() <= Math.max(latest.firstYear(), current.firstYear()); y = y.next()) {
                    years.add(y);
                }
                return years;
            });
        });
    }

    /** The programme year that includes today. */
    ProgrammeYear currentYear() {
        return ProgrammeYear.of(clock.instant());
    }

    /** The window a report covers: the one asked for, or else the current programme year. */
    Instant[] window(String from, String to) {
        if ((from == null || from.isBlank()) && (to == null || to.isBlank())) {
            ProgrammeYear year = currentYear();
            return new Instant[]{year.start(), year.end()};
        }
        return meetings.window(from, to);
    }

    /**
     * The CSV's file name, readable and safe ASCII: {@code <network>-attendance-<period>.csv}, the period being
     * a programme year ("2026-27") or the first and last day ("2026-04-01-to-2026-09-30").
     */
    static String fileName(String networkSlug, Instant from, Instant to) {
        // a window given as plain dates arrives as UTC midnights; read those as the days they name
        java.time.ZoneId zone = from.atOffset(java.time.ZoneOffset.UTC).toLocalTime().equals(java.time.LocalTime.MIDNIGHT)
            && to.atOffset(java.time.ZoneOffset.UTC).toLocalTime().equals(java.time.LocalTime.MIDNIGHT)
            ? java.time.ZoneOffset.UTC : DateTimeWords.READER;
        LocalDate first = from.atZone(zone).toLocalDate();
        LocalDate last = to.minusNanos(1).atZone(zone).toLocalDate();
        String period;
        if (first.getDayOfYear() == 1 && last.equals(first.withMonth(12).withDayOfMonth(31))) {
            period = String.valueOf(first.getYear());
        } else if (first.getMonthValue() == 4 && first.getDayOfMonth() == 1 && last.equals(first.plusYears(1).minusDays(1))) {
            period = new ProgrammeYear(first.getYear()).shortName();
        } else {
            period = first + "-to-" + last;
        }
        String slug = networkSlug.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return (slug.isEmpty() ? "network" : slug) + "-attendance-" + period + ".csv";
    }

    /** The report: for each occurrence in the window, attendance counted per network inside this one. */
    Future<JsonObject> report(SignedInUser actor, UUID networkId, Instant from, Instant to) {
        return networks.access(networkId, actor.id()).compose(access -> {
            access.requireMemberView();
            return Future.all(networks.get(actor, networkId),
                    meetings.ofNetwork(actor, networkId, from.toString(), to.toString()),
                    pool.preparedQuery(MeetingSql.ATTENDANCE_BY_NETWORK).execute(Tuple.of(networkId,
                        OffsetDateTime.ofInstant(from, java.time.ZoneOffset.UTC), OffsetDateTime.ofInstant(to, java.time.ZoneOffset.UTC))))
                .map(all -> {
                    JsonObject network = all.resultAt(0);
                    JsonArray meetingList = all.resultAt(1);
                    io.vertx.sqlclient.RowSet<Row> rows = all.resultAt(2);
                    Map<String, Long> counts = new HashMap<>();
                    Map<String, String> presence = new HashMap<>();
                    rows.forEach(row -> {
                        String key = row.getUUID("network_id") + "|" + row.getUUID("meeting_id") + "|"
                            + row.getOffsetDateTime("original_start").toInstant();
                        counts.put(key, row.getLong("attended"));
                        presence.put(key, row.getLong("attended_by_title") > 0 ? "role-title"
                            : row.getLong("delegated") > 0 || row.getLong("attended") > 0 ? "delegate" : "absent");
                    });
                    JsonArray columns = new JsonArray();
                    List<String[]> keys = new ArrayList<>();
                    for (Object m : meetingList) {
                        JsonObject meeting = (JsonObject) m;
                        for (Object o : meeting.getJsonArray("occurrences")) {
                            JsonObject occurrence = (JsonObject) o;
                            if ("cancelled".equals(occurrence.getString("status"))) {
                                continue;
                            }
                            Instant original = OffsetDateTime.parse(occurrence.getString("originalStart")).toInstant();
                            columns.add(new JsonObject().put("meetingId", meeting.getString("id"))
                                .put("title", meeting.getString("title")).put("originalStart", occurrence.getString("originalStart"))
                                .put("start", occurrence.getString("start")));
                            keys.add(new String[]{meeting.getString("id"), original.toString()});
                        }
                    }
                    JsonArray networkRows = new JsonArray();
                    List<JsonObject> targets = new ArrayList<>();
                    targets.add(new JsonObject().put("id", network.getString("id")).put("name", network.getString("name")));
                    network.getJsonArray("children").forEach(c -> targets.add((JsonObject) c));
                    for (JsonObject target : targets) {
                        JsonArray attended = new JsonArray();
                        JsonArray present = new JsonArray();
                        long total = 0;
                        for (String[] key : keys) {
                            String cell = target.getString("id") + "|" + key[0] + "|" + key[1];
                            long n = counts.getOrDefault(cell, 0L);
                            attended.add(n);
                            present.add(presence.getOrDefault(cell, "absent"));
                            total += n;
                        }
                        networkRows.add(new JsonObject().put("networkId", target.getString("id"))
                            .put("name", target.getString("name")).put("attended", attended).put("presence", present).put("total", total)
                            .put("occurrencesAttended", attended.stream().filter(n -> ((Long) n) > 0).count()));
                    }
                    return new JsonObject().put("network", network.getString("name")).put("slug", network.getString("slug"))
                        .put("from", OffsetDateTime.ofInstant(from, java.time.ZoneOffset.UTC).toString())
                        .put("to", OffsetDateTime.ofInstant(to, java.time.ZoneOffset.UTC).toString())
                        .put("occurrences", columns)
                        .put("networks", networkRows);
                });
        });
    }

    /** The report as CSV: a row per network, a column per occurrence. */
    static String csv(JsonObject report) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get())) {
            List<String> header = new ArrayList<>(List.of("network"));
            report.getJsonArray("occurrences").forEach(o -> header.add(((JsonObject) o).getString("title") + " "
                + ((JsonObject) o).getString("start").substring(0, 10)));
            header.add("total attended");
            header.add("occurrences with someone present");
            printer.printRecord(header);
            for (Object n : report.getJsonArray("networks")) {
                JsonObject row = (JsonObject) n;
                List<Object> cells = new ArrayList<>(List.of(uk.nhs.hub.platform.CsvCells.safe(row.getString("name"))));
                row.getJsonArray("attended").forEach(cells::add);
                cells.add(row.getLong("total"));
                cells.add(row.getLong("occurrencesAttended"));
                printer.printRecord(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
