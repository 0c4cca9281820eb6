package io.gatehouse.app.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Arrays;
import java.util.List;

/**
 * The acr values that count as a second factor for admin actions ({@code gatehouse.api.admin-acr}, comma-separated;
 * "mfa" is level 2 of the realm's acr.loa.map), read once for the application rather than on every request.
 */
@ApplicationScoped
public class SecondFactorAcr {
    private final List<String> values;

    @Inject
    public SecondFactorAcr(@ConfigProperty(name = "gatehouse.api.admin-acr", defaultValue = "mfa") String setting) {
        this.values = Arrays.stream(setting.split(",")).map(String::strip).filter(value -> !value.isEmpty()).toList();
        if (values.isEmpty()) {
            throw new IllegalArgumentException("gatehouse.api.admin-acr names no acr value");
        }
    }

    /** For CDI's proxy only. */
    protected SecondFactorAcr() {
        this.values = List.of();
    }

    public List<String> values() {
        return values;
    }
}
