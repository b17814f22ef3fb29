package io.leadgrade.handoff;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Picks the rep for a lead within a territory: smooth weighted round robin (as in nginx), each rep weighted by
 * their daily capacity, skipping reps who are away, inactive, at their daily capacity or at their cap of open
 * leads.
 *
 * <p>Safe under concurrency, across threads and instances: a rep's slot is taken by one conditional increment
 * ({@code rep_days}: leads given today; {@code rep_loads}: open leads), so no two assignments get the same slot;
 * the rotation's credits ({@code rotations}) are written under a version check, and a writer that loses the race
 * gives its slot back and tries again. The next pick follows from the stored credits and the reps' state alone.
 */
@Component
class RepAssigner {

    private static final int ATTEMPTS = 50;

    private final MongoTemplate mongo;
    private final SalesTeam team;

    RepAssigner(MongoTemplate mongo, SalesTeam team) {
        this.mongo = mongo;
        this.team = team;
    }

    /** A rep's running credit in a territory's rotation. */
    record Credit(String rep, long credit) {}

    @Document("rotations")
    record Rotation(@Id String id, List<Credit> credits, long version) {}

    @Document("rep_days")
    record RepDay(@Id String id, int count) {}

    @Document("rep_loads")
    record RepLoad(@Id String id, int open) {}

    /** The rep for one more lead in the territory, or empty when nobody can take it now. */
    Optional<String> assign(String territory, Instant now, Set<String> exclude) {
        List<Rep> reps = team.repsOf(territory).stream()
                .filter(rep -> rep.availableAt(now) && !exclude.contains(rep.id()))
                .toList();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Rotation rotation = mongo.findById(territory, Rotation.class);
            Map<String, Long> stored = new HashMap<>();
            if (rotation != null) {
                rotation.credits().forEach(credit -> stored.put(credit.rep(), credit.credit()));
            }
            Set<String> full = new HashSet<>();
            while (true) {
                List<Rep> eligible =
                        reps.stream().filter(rep -> !full.contains(rep.id())).toList();
                if (eligible.isEmpty()) {
                    return Optional.empty();
                }
                Map<String, Long> credits = new HashMap<>(stored);
                long total = 0;
                Rep picked = null;
                for (Rep rep : eligible) {
                    total += rep.dailyCapacity();
                    long credit = credits.getOrDefault(rep.id(), 0L) + rep.dailyCapacity();
                    credits.put(rep.id(), credit);
                    if (picked == null || credit > credits.get(picked.id())) {
                        picked = rep;
                    }
                }
                credits.put(picked.id(), credits.get(picked.id()) - total);
                if (!reserve(picked, now)) {
                    full.add(picked.id());
                    continue;
                }
                if (store(territory, rotation, credits)) {
                    return Optional.of(picked.id());
                }
                release(picked.id(), now);
                break;
            }
        }
        throw new OptimisticLockingFailureException(
                "could not assign a rep in territory " + territory + " after " + ATTEMPTS + " attempts");
    }

    /** Gives back a slot taken by {@link #assign} for a lead that was not handed off after all. */
    void release(String rep, Instant day) {
        mongo.updateFirst(
                Query.query(Criteria.where("_id").is(dayId(rep, day))), new Update().inc("count", -1), RepDay.class);
        closed(rep);
    }

    /** One of the rep's leads got its first disposition or went to another rep: one open lead fewer. */
    void closed(String rep) {
        mongo.updateFirst(
                Query.query(Criteria.where("_id").is(rep).and("open").gt(0)),
                new Update().inc("open", -1),
                RepLoad.class);
    }

    /** Open leads per rep, for the API. */
    int openLeads(String rep) {
        RepLoad load = mongo.findById(rep, RepLoad.class);
        return load == null ? 0 : load.open();
    }

    /** Leads given to a rep on the day of {@code day}, for the API. */
    int assignedOn(String rep, Instant day) {
        RepDay count = mongo.findById(dayId(rep, day), RepDay.class);
        return count == null ? 0 : count.count();
    }

    /** Takes one of the rep's slots today (and one open-lead slot) if they have one left. */
    private boolean reserve(Rep rep, Instant now) {
        if (!increment(dayId(rep.id(), now), "count", rep.dailyCapacity(), RepDay.class)) {
            return false;
        }
        int maxOpen = rep.maxOpenLeads() == null ? Integer.MAX_VALUE : rep.maxOpenLeads();
        if (!increment(rep.id(), "open", maxOpen, RepLoad.class)) {
            mongo.updateFirst(
                    Query.query(Criteria.where("_id").is(dayId(rep.id(), now))),
                    new Update().inc("count", -1),
                    RepDay.class);
            return false;
        }
        return true;
    }

    /**
     * Adds one to a counter if it is below the limit, in one operation: an upsert whose filter includes the limit.
     * When the counter is at the limit the filter matches nothing and the upsert's insert collides with the
     * existing document, which is the answer "full".
     */
    private boolean increment(String id, String field, int limit, Class<?> type) {
        try {
            mongo.upsert(
                    Query.query(Criteria.where("_id").is(id).and(field).lt(limit)), new Update().inc(field, 1), type);
            return true;
        } catch (DuplicateKeyException full) {
            return false;
        }
    }

    private boolean store(String territory, Rotation read, Map<String, Long> credits) {
        List<Credit> list = new ArrayList<>();
        credits.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> list.add(new Credit(entry.getKey(), entry.getValue())));
        if (read == null) {
            try {
                mongo.insert(new Rotation(territory, list, 1));
                return true;
            } catch (DuplicateKeyException raced) {
                return false;
            }
        }
        return mongo.updateFirst(
                                Query.query(Criteria.where("_id")
                                        .is(territory)
                                        .and("version")
                                        .is(read.version())),
                                new Update().set("credits", list).set("version", read.version() + 1),
                                Rotation.class)
                        .getModifiedCount()
                == 1;
    }

    private static String dayId(String rep, Instant at) {
        return rep + "|" + at.atOffset(ZoneOffset.UTC).toLocalDate();
    }
}
