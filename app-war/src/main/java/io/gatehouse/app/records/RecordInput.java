package io.gatehouse.app.records;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.Set;

/** What a client sends to create or replace a record. */
public record RecordInput(
        @NotBlank @Size(max = 200) String title,
        @NotNull @Size(max = 50_000) String body,
        @Size(max = 20) Set<@NotBlank @Size(max = 40) @Pattern(regexp = "[\\p{L}\\p{N}_.-]+") String> tags) {

    public Set<String> tagsOrEmpty() {
        return tags == null ? Set.of() : Set.copyOf(tags);
    }
}
