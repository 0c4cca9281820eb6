package io.gatehouse.app.revocation;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.gatehouse.app.errors.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * OpenID Connect Back-Channel Logout tokens from Keycloak, verified as the API verifies access tokens: RS256 with a
 * key of the realm's JWKS, the realm's issuer, the audience of the client that was signed out of, not expired; and as
 * the spec adds: the back-channel logout event, no nonce (so no ID token passes for one), a sid or a sub.
 */
@ApplicationScoped
public class LogoutTokens {
    private static final Logger LOG = Logger.getLogger(LogoutTokens.class.getName());
    static final String LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";
    private final DefaultJWTProcessor<SecurityContext> processor;

    @Inject
    public LogoutTokens(@ConfigProperty(name = "gatehouse.jwt.issuer", defaultValue = "http://127.0.0.1:18080/realms/gatehouse") String issuer,
                        @ConfigProperty(name = "gatehouse.jwt.jwks.uri",
                                defaultValue = "http://127.0.0.1:18080/realms/gatehouse/protocol/openid-connect/certs") String jwksUri,
                        @ConfigProperty(name = "gatehouse.backchannel-logout.audience", defaultValue = "gatehouse-web") String audience) {
        this(issuer, keys(jwksUri), audience);
    }

    LogoutTokens(String issuer, JWKSource<SecurityContext> keys, String audience) {
        processor = new DefaultJWTProcessor<>();
        // Keycloak types its logout tokens "logout+jwt" (Back-Channel Logout 1.0, section 2.4); plain JWT is allowed too.
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("logout+jwt"), JOSEObjectType.JWT, null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("iat", "jti", "events")));
    }

    /** For CDI's proxy only. */
    protected LogoutTokens() {
        this.processor = null;
    }

    /** The cached JWKS of the realm, fetched again when a token names a key it does not hold (Keycloak rotated). */
    private static JWKSource<SecurityContext> keys(String jwksUri) {
        try {
            return JWKSourceBuilder.create(URI.create(jwksUri).toURL()).retrying(true).build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("gatehouse.jwt.jwks.uri is not a URL: " + jwksUri, e);
        }
    }

    /** What the token ends; a 400 problem naming the first check it fails. */
    public Revocation verify(String logoutToken) {
        if (logoutToken == null || logoutToken.isBlank()) {
            throw refused("the form parameter logout_token is missing");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(logoutToken, null);
        } catch (ParseException e) {
            throw refused("not a signed JWT");
        } catch (BadJOSEException | JOSEException e) {
            throw refused("not a logout token of this realm: " + e.getMessage());
        }
        try {
            Map<String, Object> events = claims.getJSONObjectClaim("events");
            if (events == null || !events.containsKey(LOGOUT_EVENT)) {
                throw refused("the events claim has no " + LOGOUT_EVENT);
            }
            if (claims.getClaim("nonce") != null) {
                throw refused("a logout token has no nonce");
            }
            String sid = claims.getStringClaim("sid");
            String sub = claims.getSubject();
            if (sid == null && sub == null) {
                throw refused("the token names neither a session (sid) nor a user (sub)");
            }
            return new Revocation(sid, sub, Instant.now());
        } catch (ParseException e) {
            throw refused("malformed claim: " + e.getMessage());
        }
    }

    /** Logged too: a refused logout token is a misconfiguration (issuer, audience) or someone trying, never routine. */
    private static ProblemException refused(String detail) {
        LOG.warning(() -> "back-channel logout token refused: " + detail);
        return new ProblemException(Response.Status.BAD_REQUEST, "logout token refused: " + detail);
    }
}
