package io.leadgrade.handoff;

import io.leadgrade.grading.TerritoryProfile;
import io.leadgrade.system.FieldProblem;
import io.leadgrade.system.InvalidRequestException;
import io.leadgrade.system.Problems;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/** Territories and reps: created, updated and deactivated by admins, read by routing and assignment. */
@Service
public class SalesTeam {

    private final MongoTemplate mongo;
    private final Clock clock;
    private final long refreshNanos;

    /**
     * The territories and reps as routing and assignment last read them, with when ({@link System#nanoTime}). Every
     * MQL's routing and assignment needs both; read from the store for each, they were two of the commands of every
     * new MQL (docs/benchmarks.md, "Write budget").
     */
    private record Snapshot(List<Territory> territories, List<Rep> reps, long readAt) {}

    private volatile Snapshot snapshot;

    /** Changes made on this instance so far: a snapshot read while one was made is not kept. */
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();

    SalesTeam(MongoTemplate mongo, Clock clock, HandoffProperties properties) {
        this.mongo = mongo;
        this.clock = clock;
        this.refreshNanos = properties.teamRefresh().toNanos();
    }

    /**
     * The team for routing and assignment: read again once {@code leadgrade.handoff.team-refresh} (2 s) has passed, and
     * at once after a change on this instance; another instance's change counts within that time.
     */
    private Snapshot current() {
        Snapshot current = snapshot;
        long now = System.nanoTime();
        if (current != null && now - current.readAt() < refreshNanos) {
            return current;
        }
        long before = changes.get();
        Snapshot read = new Snapshot(
                mongo.find(new Query().with(Sort.by("_id")), Territory.class),
                mongo.find(new Query().with(Sort.by("_id")), Rep.class),
                now);
        if (changes.get() == before) {
            snapshot = read;
        }
        return read;
    }

    /** Called after every write of a territory or a rep on this instance. */
    private <T> T changed(T written) {
        changes.incrementAndGet();
        snapshot = null;
        return written;
    }

    public List<Territory> territories() {
        return mongo.find(new Query().with(Sort.by("_id")), Territory.class);
    }

    public Territory territory(String id) {
        Territory territory = mongo.findById(id, Territory.class);
        if (territory == null) {
            throw Problems.notFound("territory", id);
        }
        return territory;
    }

    /** The active territories as routing rules see them (see {@link #current}). */
    public List<TerritoryProfile> activeProfiles() {
        return current().territories().stream()
                .filter(Territory::active)
                .map(Territory::profile)
                .toList();
    }

    public Territory createTerritory(TerritoryRequest request) {
        if (request.id() == null) {
            throw new InvalidRequestException(
                    List.of(new FieldProblem("id", "must be given to create a territory", null)));
        }
        Instant now = clock.instant();
        try {
            return changed(mongo.insert(territoryOf(request.id(), request, true, now, now, null)));
        } catch (DuplicateKeyException e) {
            throw Problems.conflict(
                    "Territory exists",
                    "A territory with the id '" + request.id() + "' exists; update it with PUT.",
                    Map.of("id", request.id()));
        }
    }

    public Territory updateTerritory(String id, TerritoryRequest request) {
        Territory existing = territory(id);
        return changed(mongo.save(territoryOf(
                id, request, existing.active(), existing.createdAt(), clock.instant(), existing.version())));
    }

    /** Takes the territory out of routing; its handoffs stay. Activate it again with {@code active(id, true)}. */
    public Territory setTerritoryActive(String id, boolean active) {
        Territory t = territory(id);
        return changed(mongo.save(new Territory(
                t.id(),
                t.name(),
                t.countries(),
                t.regions(),
                t.segments(),
                t.productLines(),
                active,
                t.createdAt(),
                clock.instant(),
                t.version())));
    }

    public List<Rep> reps() {
        return mongo.find(new Query().with(Sort.by("_id")), Rep.class);
    }

    public Rep rep(String id) {
        Rep rep = mongo.findById(id, Rep.class);
        if (rep == null) {
            throw Problems.notFound("rep", id);
        }
        return rep;
    }

    /** The active reps of a territory, by id (see {@link #current}). */
    List<Rep> repsOf(String territory) {
        return current().reps().stream()
                .filter(rep -> rep.active() && rep.territories().contains(territory))
                .toList();
    }

    /** Every rep, by id, as routing and assignment see them (see {@link #current}). */
    List<Rep> repsForRouting() {
        return current().reps();
    }

    public Rep createRep(RepRequest request) {
        if (request.id() == null) {
            throw new InvalidRequestException(List.of(new FieldProblem("id", "must be given to create a rep", null)));
        }
        check(request);
        Instant now = clock.instant();
        try {
            return changed(mongo.insert(repOf(request.id(), request, true, now, now, null)));
        } catch (DuplicateKeyException e) {
            throw Problems.conflict(
                    "Rep exists",
                    "A rep with the id '" + request.id() + "' exists; update them with PUT.",
                    Map.of("id", request.id()));
        }
    }

    public Rep updateRep(String id, RepRequest request) {
        Rep existing = rep(id);
        check(request);
        return changed(mongo.save(
                repOf(id, request, existing.active(), existing.createdAt(), clock.instant(), existing.version())));
    }

    /** Takes the rep out of assignment (their open leads stay with them until reassigned) or back in. */
    public Rep setRepActive(String id, boolean active) {
        Rep r = rep(id);
        return changed(mongo.save(new Rep(
                r.id(),
                r.name(),
                r.email(),
                r.territories(),
                r.dailyCapacity(),
                r.maxOpenLeads(),
                r.awayFrom(),
                r.awayUntil(),
                active,
                r.createdAt(),
                clock.instant(),
                r.version())));
    }

    private void check(RepRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        for (int i = 0; i < request.territories().size(); i++) {
            String territory = request.territories().get(i);
            if (mongo.findById(territory, Territory.class) == null) {
                problems.add(new FieldProblem(
                        "territories[" + i + "]", "no territory has this id; create it first", territory));
            }
        }
        if (request.awayFrom() != null
                && request.awayUntil() != null
                && !request.awayUntil().isAfter(request.awayFrom())) {
            problems.add(new FieldProblem(
                    "awayUntil", "must be after awayFrom", request.awayUntil().toString()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
    }

    private static Territory territoryOf(
            String id, TerritoryRequest request, boolean active, Instant created, Instant updated, Long version) {
        return new Territory(
                id,
                request.name(),
                upper(request.countries()),
                upper(request.regions()),
                upper(request.segments()),
                request.productLines() == null
                        ? List.of()
                        : request.productLines().stream()
                                .map(line -> line.trim().toLowerCase(Locale.ROOT))
                                .toList(),
                active,
                created,
                updated,
                version);
    }

    private static Rep repOf(
            String id, RepRequest request, boolean active, Instant created, Instant updated, Long version) {
        return new Rep(
                id,
                request.name(),
                request.email(),
                List.copyOf(request.territories()),
                request.dailyCapacity(),
                request.maxOpenLeads(),
                request.awayFrom(),
                request.awayUntil(),
                active,
                created,
                updated,
                version);
    }

    private static List<String> upper(List<String> values) {
        return values == null
                ? List.of()
                : values.stream()
                        .map(value -> value.trim().toUpperCase(Locale.ROOT))
                        .toList();
    }
}
