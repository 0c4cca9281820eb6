package io.gatehouse.app.security;

import io.gatehouse.app.Api;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.junit.WithStack;
import io.gatehouse.stack.keycloak.BrowserLogin;
import io.gatehouse.stack.keycloak.KeycloakSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.admin.client.Keycloak;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a token can be wrong gets 401, and Cassandra serves no statement for it. The control case — a
 * token signed with a key the realm publishes and otherwise correct — is accepted, so each refusal is for
 * the one thing its case changes.
 */
@WithStack({Component.KEYCLOAK, Component.LIBERTY})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwtAttackIT {
    private Stack stack;
    private Api api;
    private RealmTestKey realmKey;
    private CassandraActivity cassandra;

    @BeforeAll
    void registerTestKey(Stack stack) throws Exception {
        this.stack = stack;
        this.api = new Api(stack);
        // A first real token makes Liberty fetch and cache the realm's JWKS before the test key exists ...
        assertThat(api.get("/me", api.token("alice")).status()).isEqualTo(200);
        this.realmKey = RealmTestKey.register(stack);
        this.cassandra = new CassandraActivity(stack);
    }

    @AfterAll
    void close() {
        cassandra.close();
    }

    /** ... so this also shows that a key Keycloak adds later (rotation) is fetched on its unknown kid, without a restart. */
    @Test
    void aCorrectTokenSignedWithAKeyOfTheRealmIsAcceptedEvenWhenTheKeyIsNewerThanTheCachedJwks() {
        assertThat(api.get("/records", sign(header(), claims())).status()).isEqualTo(200);
    }

    @Test
    void rejectsARequestWithoutToken() {
        assertRejected(null);
    }

    @Test
    void rejectsAMalformedToken() {
        assertRejected("abc.def");
        assertRejected("eyJhbGciOiJSUzI1NiJ9.not-json.c2ln");
    }

    @Test
    void rejectsAlgNone() {
        Map<String, Object> header = header();
        header.put("alg", "none");
        assertRejected(TestTokens.unsigned(header, claims()));
    }

    @Test
    void rejectsHs256SignedWithThePublicKey() {
        Map<String, Object> header = header();
        header.put("alg", "HS256");
        byte[] publicKey = realmKey.keys().getPublic().getEncoded();
        assertRejected(TestTokens.hs256(header, claims(), publicKey));
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(publicKey) + "\n-----END PUBLIC KEY-----\n";
        assertRejected(TestTokens.hs256(header, claims(), pem.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void rejectsASignatureByAnUnknownKey() {
        KeyPair attacker = TestTokens.newRsaKey();
        Map<String, Object> header = header();
        header.put("kid", "attacker-" + UUID.randomUUID());
        assertRejected(TestTokens.rs256(header, claims(), attacker.getPrivate()));
        // The realm key's kid on an attacker's signature.
        assertRejected(TestTokens.rs256(header(), claims(), attacker.getPrivate()));
    }

    @Test
    void ignoresKeyLocationsInTheHeader() {
        KeyPair attacker = TestTokens.newRsaKey();
        for (String header : List.of("jku", "x5u")) {
            Map<String, Object> forged = header();
            forged.put("kid", "attacker");
            forged.put(header, "http://127.0.0.1:1/attacker-keys.json");
            assertRejected(TestTokens.rs256(forged, claims(), attacker.getPrivate()));
        }
        Map<String, Object> traversal = header();
        traversal.put("kid", "../../../../etc/passwd");
        assertRejected(TestTokens.rs256(traversal, claims(), attacker.getPrivate()));
    }

    @Test
    void rejectsAnExpiredToken() {
        Map<String, Object> claims = claims();
        claims.put("iat", now() - 600);
        claims.put("exp", now() - 120);
        assertRejected(sign(header(), claims));
    }

    @Test
    void rejectsATokenNotYetValid() {
        Map<String, Object> claims = claims();
        claims.put("nbf", now() + 120);
        assertRejected(sign(header(), claims));
    }

    @Test
    void rejectsAnotherIssuer() {
        Map<String, Object> claims = claims();
        claims.put("iss", KeycloakSettings.of(stack.config()).url() + "/realms/master");
        assertRejected(sign(header(), claims));
    }

    @Test
    void rejectsATokenMintedForAnotherAudience() {
        Map<String, Object> claims = claims();
        claims.put("aud", List.of("account"));
        assertRejected(sign(header(), claims));
        claims.remove("aud");
        assertRejected(sign(header(), claims));
    }

    @Test
    void rejectsIdAndRefreshTokens() throws Exception {
        for (String type : List.of("ID", "Refresh")) {
            Map<String, Object> claims = claims();
            claims.put("typ", type);
            assertRejected(sign(header(), claims));
        }
        StackConfig config = stack.config();
        BrowserLogin.Tokens real = BrowserLogin.forWebClient(config)
                .login("alice", Api.PASSWORDS.get("alice"), "openid organization");
        assertRejected(real.idToken());
        assertRejected(real.refreshToken());
    }

    @Test
    void rejectsATamperedPayloadAndATruncatedSignature() {
        String valid = sign(header(), claims());
        String[] parts = valid.split("\\.");
        Map<String, Object> elevated = claims();
        elevated.put("tenant_groups", List.of("/tenants/acme/admin"));
        String otherPayload = sign(header(), elevated).split("\\.")[1];
        assertRejected(parts[0] + "." + otherPayload + "." + parts[2]);
        assertRejected(parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() / 2));
        assertRejected(parts[0] + "." + parts[1] + ".");
    }

    @Test
    void rejectsATokenOfAnotherRealm() throws Exception {
        try (Keycloak admin = KeycloakSettings.of(stack.config()).admin()) {
            assertRejected(admin.tokenManager().getAccessTokenString());
        }
    }

    private void assertRejected(String token) {
        long before = cassandra.operations();
        Api.Response response = api.get("/records", token);
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(cassandra.operations()).as("Cassandra operations on the app's tables").isEqualTo(before);
    }

    private String sign(Map<String, Object> header, Map<String, Object> claims) {
        return TestTokens.rs256(header, claims, realmKey.keys().getPrivate());
    }

    private Map<String, Object> header() {
        Map<String, Object> header = new HashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        header.put("kid", realmKey.kid());
        return header;
    }

    private Map<String, Object> claims() {
        long now = now();
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", KeycloakSettings.of(stack.config()).issuer());
        claims.put("aud", List.of(StackConfig.API_AUDIENCE, "account"));
        claims.put("sub", UUID.randomUUID().toString());
        claims.put("preferred_username", "mallory");
        claims.put("typ", "Bearer");
        claims.put("azp", StackConfig.WEB_CLIENT);
        claims.put("groups", List.of("user"));
        claims.put("organization", List.of("acme"));
        claims.put("iat", now);
        claims.put("exp", now + 300);
        claims.put("jti", UUID.randomUUID().toString());
        return claims;
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
