package io.gatehouse.realm;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientPoliciesRepresentation;
import org.keycloak.representations.idm.ClientProfilesRepresentation;

import java.util.ArrayList;
import java.util.List;

/**
 * The realm's client profiles and client policies (executors and conditions: PKCE enforced, confidential clients
 * only, ...). Keycloak keeps each as one document per realm, so a file that names {@code clientProfiles} or
 * {@code clientPolicies} owns that whole document; Keycloak's global profiles are not part of it. Profiles are
 * applied before the policies that name them.
 */
final class ClientPoliciesSync implements ResourceSync {

    @Override
    public String label() {
        return "client policies";
    }

    @Override
    public List<Change> plan(RealmResource realm, RealmFile file) {
        List<Change> changes = new ArrayList<>();
        JsonNode profiles = file.part("clientProfiles");
        if (!profiles.isMissingNode()) {
            List<String> differences = Differences.ofDocument(profiles, RealmFile.JSON.valueToTree(realm.clientPoliciesProfilesResource().getProfiles(false)));
            if (!differences.isEmpty()) {
                changes.add(new Change("client profiles", file.name(), Change.Action.UPDATE, differences, () -> realm.clientPoliciesProfilesResource()
                        .updateProfiles(RealmFile.JSON.convertValue(profiles, ClientProfilesRepresentation.class))));
            }
        }
        JsonNode policies = file.part("clientPolicies");
        if (!policies.isMissingNode()) {
            List<String> differences = Differences.ofDocument(policies, RealmFile.JSON.valueToTree(realm.clientPoliciesPoliciesResource().getPolicies(false)));
            if (!differences.isEmpty()) {
                changes.add(new Change("client policies", file.name(), Change.Action.UPDATE, differences, () -> realm.clientPoliciesPoliciesResource()
                        .updatePolicies(RealmFile.JSON.convertValue(policies, ClientPoliciesRepresentation.class))));
            }
        }
        return changes;
    }
}
