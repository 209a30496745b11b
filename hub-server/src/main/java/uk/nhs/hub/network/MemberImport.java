package uk.nhs.hub.network;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.RequestOrigin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Onboards many members from one CSV file, into a network and the networks below it (for example 34 local
 * networks with three leads each). Every row is checked first; if any row has a problem, nothing is changed
 * and the report says what is wrong with each row. Otherwise all rows are applied in one transaction: existing
 * accounts are added (or their role updated) and everyone else is sent an invitation.
 */
final class MemberImport {

    /** The per-row report and whether the rows were applied. */
    record Report(boolean applied, boolean valid, JsonArray rows) {
        JsonObject toJson() {
            return new JsonObject().put("applied", applied).put("rows", rows);
        }
    }

    /** What one valid row will do. */
    private record Plan(MemberCsv.Row row, String email, String displayName, String organisation, String roleTitle,
                        Role role, Network network, NetworkRepository.Person person,
                        NetworkRepository.Membership current, String outcome) {
    }

    private final NetworkService service;
    private final NetworkRepository networks;

    MemberImport(NetworkService service, NetworkRepository networks) {
        this.service = service;
        this.networks = networks;
    }

    Future<Report> run(SignedInUser actor, NetworkAccess access, String csv, boolean dryRun, RequestOrigin origin) {
        access.requireOrganiser();
        List<MemberCsv.Row> rows = MemberCsv.parse(csv);
        Network top = access.network();
        List<String> emails = new ArrayList<>();
        rows.forEach(row -> emails.add(row.get(MemberCsv.EMAIL).toLowerCase()));
        Future<Map<String, UUID>> subtree = networks.subtree(top.id());
        Future<Map<String, NetworkRepository.Person>> people = networks.peopleByEmail(emails);
        return Future.all(subtree, people)
            .compose(found -> {
                List<UUID> ids = new ArrayList<>();
                ids.add(actor.id());
                people.result().values().forEach(person -> ids.add(person.id()));
                Set<String> slugs = new LinkedHashSet<>(subtree.result().keySet());
                return Future.all(networks.membershipsOf(ids), networksBySlug(slugs))
                    .map(all -> plan(actor, top, rows, subtree.result(), people.result(),
                        all.resultAt(0), all.resultAt(1)));
            })
            .compose(plans -> {
                JsonArray report = new JsonArray();
                boolean valid = true;
                for (Object entry : plans) {
                    if (entry instanceof JsonObject problem) {
                        report.add(problem);
                        valid = false;
                    } else {
                        Plan plan = (Plan) entry;
                        report.add(new JsonObject().put("line", plan.row().line()).put("email", plan.email())
                            .put("network", plan.network().slug()).put("outcome", plan.outcome()));
                    }
                }
                if (!valid || dryRun) {
                    return Future.succeededFuture(new Report(false, valid, report));
                }
                List<Plan> toApply = new ArrayList<>();
                plans.forEach(entry -> toApply.add((Plan) entry));
                return service.changeAndPublish(tx -> apply(tx, actor, toApply, origin)
                    .map(events -> new NetworkService.Change<>(new Report(true, true, report), events)));
            });
    }

    private Future<Map<String, Network>> networksBySlug(Set<String> slugs) {
        List<Future<Network>> lookups = new ArrayList<>();
        for (String slug : slugs) {
            lookups.add(networks.findBySlug(slug).map(found -> found.orElse(null)));
        }
        return Future.all(lookups).map(all -> {
            Map<String, Network> bySlug = new HashMap<>();
            lookups.forEach(lookup -> {
                if (lookup.result() != null) {
                    bySlug.put(lookup.result().slug(), lookup.result());
                }
            });
            return bySlug;
        });
    }

    /** A {@link Plan} for each valid row and a problem ({@link JsonObject}) for each invalid one, in file order. */
    private List<Object> plan(SignedInUser actor, Network top, List<MemberCsv.Row> rows, Map<String, UUID> subtree,
                              Map<String, NetworkRepository.Person> people,
                              Map<String, NetworkRepository.Membership> memberships, Map<String, Network> bySlug) {
        List<Object> plans = new ArrayList<>();
        Map<String, Long> seen = new HashMap<>();
        for (MemberCsv.Row row : rows) {
            String email = row.get(MemberCsv.EMAIL).toLowerCase();
            String slug = row.get(MemberCsv.NETWORK).isEmpty() ? top.slug() : row.get(MemberCsv.NETWORK).toLowerCase();
            try {
                NetworkService.email(email, "email");
                String displayName = row.get(MemberCsv.DISPLAY_NAME);
                if (displayName.length() > 100) {
                    throw HubException.invalid("display name", "Display name must be 100 characters or fewer");
                }
                String organisation = row.get(MemberCsv.ORGANISATION);
                if (organisation.length() > 200) {
                    throw HubException.invalid("organisation", "Organisation must be 200 characters or fewer");
                }
                String roleTitle = NetworkService.roleTitle(row.get(MemberCsv.ROLE_TITLE));
                Role role = row.get(MemberCsv.ROLE).isEmpty() ? Role.MEMBER : Role.parse(row.get(MemberCsv.ROLE), "role");
                if (!subtree.containsKey(slug)) {
                    throw HubException.invalid("network", "'" + slug + "' is not " + top.name()
                        + " or a network inside it");
                }
                Network network = bySlug.get(slug);
                NetworkRepository.Membership mine = memberships.get(network.id() + "/" + actor.id());
                if (mine == null || mine.role() != Role.ORGANISER) {
                    throw HubException.invalid("network", "You are not an organiser of " + network.name());
                }
                Long earlier = seen.putIfAbsent(email + "/" + slug, row.line());
                if (earlier != null) {
                    throw HubException.invalid("email", "Repeats line " + earlier + " for the same network");
                }
                NetworkRepository.Person person = people.get(email);
                NetworkRepository.Membership current = person == null ? null
                    : memberships.get(network.id() + "/" + person.id());
                String outcome;
                if (person == null) {
                    outcome = "invited";
                } else if (current == null) {
                    outcome = "added";
                } else if (current.role() == role && java.util.Objects.equals(current.roleTitle(), roleTitle)) {
                    outcome = "unchanged";
                } else if (current.role() == Role.ORGANISER && role != Role.ORGANISER) {
                    throw HubException.invalid("role", "Change an organiser's role on the members page, not by import");
                } else {
                    outcome = "updated";
                }
                plans.add(new Plan(row, email, displayName.isEmpty() ? null : displayName,
                    organisation.isEmpty() ? null : organisation, roleTitle, role, network, person, current, outcome));
            } catch (HubException problem) {
                plans.add(new JsonObject().put("line", row.line()).put("email", email).put("network", slug)
                    .put("field", problem.field().orElse(null)).put("error", problem.getMessage()));
            }
        }
        return plans;
    }

    private Future<List<JsonObject>> apply(SqlClient tx, SignedInUser actor, List<Plan> plans, RequestOrigin origin) {
        List<JsonObject> events = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        Map<String, Integer> counts = new HashMap<>();
        // invitations take no event numbers, so all of them are sent at once, pipelined on the transaction's
        // connection, instead of one round trip after another; members added or changed log their events in order
        List<Future<?>> invitations = new ArrayList<>();
        for (Plan plan : plans) {
            counts.merge(plan.outcome(), 1, Integer::sum);
            if (plan.outcome().equals("invited")) {
                invitations.add(service.createInvitation(tx, actor, plan.network(), plan.email(), plan.displayName(),
                    plan.organisation(), plan.role(), plan.roleTitle()));
                continue;
            }
            chain = chain.compose(v -> switch (plan.outcome()) {
                case "added" -> networks.insertMembership(tx, plan.network().id(), plan.person().id(), plan.role(),
                        plan.roleTitle())
                    .compose(added -> NetworkEvents.append(tx, plan.network().id(), NetworkEvents.MEMBER_JOINED,
                        NetworkEvents.member(plan.person().id(), plan.person().displayName(), plan.role(), plan.roleTitle())))
                    .map(event -> {
                        events.add(event);
                        return null;
                    });
                case "updated" -> networks.updateMembership(tx, plan.network().id(), plan.person().id(), plan.role(),
                        plan.roleTitle())
                    .compose(updated -> NetworkEvents.append(tx, plan.network().id(), NetworkEvents.MEMBER_CHANGED,
                        NetworkEvents.member(plan.person().id(), plan.person().displayName(), plan.role(), plan.roleTitle())
                            .put("previousRole", plan.current().role().wire())))
                    .map(event -> {
                        events.add(event);
                        return null;
                    });
                default -> Future.succeededFuture();
            });
        }
        // join, not all: the transaction ends only once every statement sent has answered
        return Future.join(chain, Future.join(invitations)).<Void>mapEmpty()
            .compose(v -> {
                JsonObject detail = new JsonObject();
                counts.forEach(detail::put);
                detail.put("networkId", plans.get(0).network().id().toString());
                return NetworkService.audit(tx, actor, "members.imported", plans.get(0).network().slug(), origin, detail);
            })
            .map(v -> events);
    }
}
