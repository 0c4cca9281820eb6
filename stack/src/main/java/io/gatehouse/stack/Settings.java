package io.gatehouse.stack;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where a stack setting comes from, first match wins: an explicit override (tests), a system property
 * {@code gatehouse.keycloak.port}, then the environment variable {@code GATEHOUSE_KEYCLOAK_PORT}.
 */
public final class Settings {
    private final Map<String, String> overrides;
    private final Map<String, String> environment;

    public Settings(Map<String, String> overrides, Map<String, String> environment) {
        this.overrides = Map.copyOf(overrides);
        this.environment = Map.copyOf(environment);
    }

    public static Settings fromSystem() {
        return new Settings(Map.of(), System.getenv());
    }

    public Optional<String> find(String key) {
        String value = overrides.get(key);
        if (value == null) {
            value = System.getProperty(key);
        }
        if (value == null) {
            value = environment.get(environmentName(key));
        }
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String get(String key, String defaultValue) {
        return find(key).orElse(defaultValue);
    }

    public int getInt(String key, int defaultValue) {
        String value = get(key, Integer.toString(defaultValue));
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " (" + environmentName(key) + ") must be a number, got '" + value + "'");
        }
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        return Boolean.parseBoolean(get(key, Boolean.toString(defaultValue)));
    }

    /** {@code gatehouse.keycloak.port} becomes {@code GATEHOUSE_KEYCLOAK_PORT}. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
