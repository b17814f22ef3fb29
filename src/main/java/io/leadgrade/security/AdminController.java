package io.leadgrade.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** API keys, users and the audit log: admins only. */
@RestController
@RequestMapping("/api/admin")
@Validated
class AdminController {

    private final ApiKeys keys;
    private final Users users;
    private final AuditLog audit;

    AdminController(ApiKeys keys, Users users, AuditLog audit) {
        this.keys = keys;
        this.users = users;
        this.audit = audit;
    }

    record KeyRequest(
            @NotBlank @Size(max = 100) String name,
            @NotEmpty Set<Role> roles) {}

    record UserRequest(
            @NotBlank
            @Size(max = 100)
            @Pattern(regexp = "[A-Za-z0-9._@-]+", message = "must be letters, digits, ., _, @ and -")
            String username,

            @NotBlank @Size(max = 200) String password,
            @NotEmpty Set<Role> roles) {}

    /** Creates a key; the answer is the only time the key is shown. */
    @PostMapping("/keys")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize(Roles.ADMIN)
    ApiKeys.Created createKey(@RequestBody @Valid KeyRequest request) {
        return keys.create(request.name(), request.roles());
    }

    /** Keys without their secrets: id, name, roles, who created and revoked them. */
    @GetMapping("/keys")
    @PreAuthorize(Roles.ADMIN)
    List<KeyView> listKeys() {
        return keys.list().stream().map(KeyView::of).toList();
    }

    record KeyView(
            String id,
            String name,
            Set<Role> roles,
            java.time.Instant createdAt,
            String createdBy,
            java.time.Instant revokedAt,
            String revokedBy) {
        static KeyView of(ApiKey key) {
            return new KeyView(
                    key.id(),
                    key.name(),
                    key.roles(),
                    key.createdAt(),
                    key.createdBy(),
                    key.revokedAt(),
                    key.revokedBy());
        }
    }

    @DeleteMapping("/keys/{id}")
    @PreAuthorize(Roles.ADMIN)
    KeyView revokeKey(@PathVariable String id) {
        return KeyView.of(keys.revoke(id));
    }

    record UserView(String username, Set<Role> roles, boolean enabled, java.time.Instant createdAt, String createdBy) {
        static UserView of(UserAccount user) {
            return new UserView(user.username(), user.roles(), user.enabled(), user.createdAt(), user.createdBy());
        }
    }

    @PostMapping("/users")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize(Roles.ADMIN)
    UserView createUser(@RequestBody @Valid UserRequest request) {
        return UserView.of(users.create(request.username(), request.password(), request.roles()));
    }

    @GetMapping("/users")
    @PreAuthorize(Roles.ADMIN)
    List<UserView> listUsers() {
        return users.list().stream().map(UserView::of).toList();
    }

    @DeleteMapping("/users/{username}")
    @PreAuthorize(Roles.ADMIN)
    UserView disableUser(@PathVariable String username) {
        return UserView.of(users.disable(username));
    }

    @GetMapping("/audit")
    @PreAuthorize(Roles.ADMIN)
    List<AuditEntry> audit(
            @RequestParam(required = false) String action,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return audit.list(action, page, size);
    }
}
