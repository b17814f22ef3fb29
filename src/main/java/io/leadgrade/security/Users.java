package io.leadgrade.security;

import io.leadgrade.system.FieldProblem;
import io.leadgrade.system.InvalidRequestException;
import io.leadgrade.system.Problems;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** People who sign in to the browser pages; passwords are stored as bcrypt hashes and never shown. */
@Service
public class Users implements UserDetailsService {

    static final int MIN_PASSWORD = 12;

    private final MongoTemplate mongo;
    private final PasswordEncoder passwords;
    private final AuditLog audit;
    private final Clock clock;

    Users(MongoTemplate mongo, PasswordEncoder passwords, AuditLog audit, Clock clock) {
        this.mongo = mongo;
        this.passwords = passwords;
        this.audit = audit;
        this.clock = clock;
    }

    public UserAccount create(String username, String password, Set<Role> roles) {
        if (password.length() < MIN_PASSWORD) {
            throw new InvalidRequestException(
                    List.of(new FieldProblem("password", "must have at least " + MIN_PASSWORD + " characters", null)));
        }
        try {
            UserAccount user = mongo.insert(new UserAccount(
                    username,
                    passwords.encode(password),
                    EnumSet.copyOf(roles),
                    true,
                    clock.instant(),
                    Actors.current()));
            audit.record("USER_CREATED", "user:" + username, Map.of("roles", roles.toString()));
            return user;
        } catch (DuplicateKeyException e) {
            throw Problems.conflict(
                    "User exists", "A user named '" + username + "' exists.", Map.of("username", username));
        }
    }

    public UserAccount disable(String username) {
        UserAccount user = mongo.findById(username, UserAccount.class);
        if (user == null) {
            throw Problems.notFound("user", username);
        }
        UserAccount disabled = mongo.save(new UserAccount(
                user.username(), user.passwordHash(), user.roles(), false, user.createdAt(), user.createdBy()));
        audit.record("USER_DISABLED", "user:" + username, Map.of());
        return disabled;
    }

    public List<UserAccount> list() {
        return mongo.find(new Query().with(Sort.by("_id")), UserAccount.class);
    }

    boolean none() {
        return mongo.count(new Query(), UserAccount.class) == 0;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        UserAccount user = mongo.findById(username, UserAccount.class);
        if (user == null) {
            throw new UsernameNotFoundException("no such user");
        }
        return User.withUsername(user.username())
                .password(user.passwordHash())
                .disabled(!user.enabled())
                .authorities(user.roles().stream()
                        .map(role -> new SimpleGrantedAuthority("ROLE_" + role))
                        .toList())
                .build();
    }
}
