// Sign-in through Keycloak's own pages with keycloak-js: authorization code flow with PKCE S256. Tokens stay in
// this page's memory (keycloak-js keeps them in the Keycloak object; nothing is written to storage by us).

/** Raised when the Keycloak session is over and the user has to sign in again. */
export class SessionEnded extends Error {
  constructor() {
    super('Your session has ended. Sign in again to continue.');
  }
}

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
  signInAgain() {
    this.#beforeLogin();
    return this.#keycloak.login({ redirectUri: this.#home(), scope: 'openid organization' });
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
