// Sign-in through Keycloak's own pages with keycloak-js: authorization code flow with PKCE S256. Tokens stay in
// this page's memory (keycloak-js keeps them in the Keycloak object; nothing is written to storage by us).

/** Raised when the Keycloak session is over and the user has to sign in again; the message says why, if known. */
export class SessionEnded extends Error {
  constructor(message = 'Your session has ended. Sign in again to continue.') {
    super(message);
  }
}

/** The API's answer for a session Keycloak ended (back-channel logout): the token is refused before it expires. */
export const ENDED_IN_KEYCLOAK = 'You were signed out: your session was ended in Keycloak (you signed out elsewhere, or an administrator ended it). Sign in again to continue.';

// Why the last session ended, shown once after the next sign-in: this tab only.
const SIGNED_OUT_KEY = 'gatehouse.signed-out';

/**
 * Raised when the API asks for a stronger sign-in (RFC 9470 step-up: admin actions need a second factor), with the
 * acr_values to ask Keycloak for.
 */
export class StepUpNeeded extends Error {
  constructor(acrValues) {
    super('Admin actions need your second factor. Keycloak asks for it, then this page carries on.');
    this.acrValues = acrValues;
  }
}

// What a step-up leaves to resume after Keycloak's pages: this tab only, bound to the user and organization.
const STEP_UP_KEY = 'gatehouse.step-up';

// Refresh when fewer than this many seconds of the access token are left (Keycloak issues 5-minute tokens).
const MIN_VALIDITY_SECONDS = 30;

export class Session {
  #keycloak;
  #beforeLogin = () => {};
  #owner = null;

  constructor(config) {
    this.#keycloak = new window.Keycloak({ url: config.keycloakUrl, realm: config.realm, clientId: config.clientId });
  }

  /** Signs in (redirecting to Keycloak when needed) and keeps the access token fresh from then on. */
  async start() {
    await this.#keycloak.init({
      onLoad: 'login-required',
      pkceMethod: 'S256',
      // The organization scope puts the tenant in the token; the API refuses tokens without one.
      scope: 'openid organization',
      // No hidden iframes: they need third-party cookies, which browsers block, and the CSP allows no frames.
      checkLoginIframe: false,
      redirectUri: this.#home(),
    });
    this.#keycloak.onTokenExpired = () => this.#keycloak.updateToken(MIN_VALIDITY_SECONDS).catch(() => {});
    const token = this.#keycloak.tokenParsed || {};
    this.#owner = JSON.stringify([token.sub || null, token.organization || null]);
  }

  /** Called with nothing just before a redirect to the login page, so the page can keep what the user typed. */
  onBeforeLogin(callback) {
    this.#beforeLogin = callback;
  }

  /** A valid access token, refreshed first when it is about to expire; SessionEnded when Keycloak says no. */
  async accessToken() {
    try {
      await this.#keycloak.updateToken(MIN_VALIDITY_SECONDS);
    } catch {
      throw new SessionEnded();
    }
    return this.#keycloak.token;
  }

  /**
   * Sends the user to Keycloak's login page and back here. In a live Keycloak session no password is asked, and a
   * member of several organizations gets Keycloak's organization chooser again: this is also how to switch.
   */
  signInAgain(reason = null) {
    if (reason) {
      sessionStorage.setItem(SIGNED_OUT_KEY, reason);
    }
    this.#beforeLogin();
    return this.#keycloak.login({ redirectUri: this.#home(), scope: 'openid organization' });
  }

  /** Signs in again asking Keycloak for {@code acrValues}; {@link takeStepUp} gives {@code resume} back on return. */
  stepUp(acrValues, resume) {
    sessionStorage.setItem(STEP_UP_KEY, JSON.stringify({ owner: this.#owner, resume }));
    return this.#keycloak.login({ redirectUri: this.#home(), scope: 'openid organization', acrValues });
  }

  /** Once, back from a step-up: what it left to resume; null when there was none, or it was another user's or organization's. */
  takeStepUp() {
    const kept = sessionStorage.getItem(STEP_UP_KEY);
    sessionStorage.removeItem(STEP_UP_KEY);
    try {
      const { owner, resume } = JSON.parse(kept || '{}');
      return owner === this.#owner && resume ? resume : null;
    } catch {
      return null;
    }
  }

  /** Once, after signing in again: why the session before ended, or null. */
  takeSignedOutReason() {
    const reason = sessionStorage.getItem(SIGNED_OUT_KEY);
    sessionStorage.removeItem(SIGNED_OUT_KEY);
    return reason;
  }

  /** Keycloak's account console, where users add a passkey, an authenticator app or recovery codes. */
  get signInMethodsUrl() {
    const url = new URL(this.#keycloak.createAccountUrl({ redirectUri: this.#home() }));
    url.pathname += '/account-security/signing-in';
    return url.toString();
  }

  /** Ends the Keycloak session (single sign-out), then comes back to the start page. */
  signOut() {
    return this.#keycloak.logout({ redirectUri: this.#home() });
  }

  /**
   * Whose session this is: the subject and the organization it signed in for, to bind what the page keeps. Taken at
   * sign-in, because keycloak-js forgets the token once a refresh is refused, just when the page keeps a draft.
   */
  get owner() {
    return this.#owner;
  }

  get displayName() {
    const token = this.#keycloak.tokenParsed || {};
    return token.name || token.preferred_username || '';
  }

  #home() {
    return window.location.origin + '/';
  }
}
