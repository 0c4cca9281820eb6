package io.gatehouse.app.members;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Whom a tenant admin invites: the address the invitation goes to, and optionally the name to greet them with. */
public record Invitation(@NotBlank @Size(max = 254) String email, @Size(max = 100) String firstName, @Size(max = 100) String lastName) {
}
