package io.gatehouse.app.admin;

/** A tenant's settings, changed by its admins. */
public interface TenantSettings {
    Retention retention(String tenant);

    void setRetention(String tenant, Retention retention, String changedBy);
}
