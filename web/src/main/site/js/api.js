// The records API: JSON over fetch with the bearer token; problem+json errors become ApiError with a message
// written for people, not the raw document.
import { ENDED_IN_KEYCLOAK, SessionEnded, StepUpNeeded } from './auth.js';

export class ApiError extends Error {
  /** detail: the API's own one-line explanation (problem+json), when it gave one. */
  constructor(status, message, detail = null) {
    super(message);
    this.status = status;
    this.detail = detail;
  }
}

const MESSAGES = {
  403: 'You are not allowed to do that.',
  404: 'This record no longer exists. It may have been deleted elsewhere.',
  412: 'Someone changed this record after you opened it. Load their version, then make your change again.',
  413: 'That is too large to save. Shorten the text and try again.',
  428: 'This change needs the record’s current version. Reload and try again.',
  429: 'Too many requests. Wait a moment and try again.',
};

function messageFor(status, problem) {
  if (status === 400 && problem && problem.detail) {
    // The API's validation details name the field and the rule, e.g. "title must not be blank".
    return 'Please check your input: ' + problem.detail + '.';
  }
  if (MESSAGES[status]) {
    return MESSAGES[status];
  }
  if (status >= 500) {
    return 'The service is not available right now. Try again in a moment.';
  }
  return 'Something went wrong (' + status + '). Try again.';
}

export class Api {
  #baseUrl;
  #session;

  constructor(baseUrl, session) {
    this.#baseUrl = baseUrl.replace(/\/$/, '');
    this.#session = session;
  }

  /** The parsed body (or null) and the ETag; ApiError or SessionEnded when it did not work. */
  async request(method, path, { body, etag } = {}) {
    const headers = { Authorization: 'Bearer ' + (await this.#session.accessToken()), Accept: 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (etag) {
      headers['If-Match'] = etag;
    }
    let response;
    try {
      response = await fetch(this.#baseUrl + path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, 'Cannot reach the service. Check your connection and try again.');
    }
    if (response.status === 401) {
      // RFC 9470: the token is fine but too weak for this call; the challenge names the acr to ask Keycloak for.
      const challenge = response.headers.get('WWW-Authenticate') || '';
      if (challenge.includes('error="insufficient_user_authentication"')) {
        const acrValues = /acr_values="([^"]*)"/.exec(challenge);
        throw new StepUpNeeded(acrValues ? acrValues[1] : 'mfa');
      }
      throw challenge.includes('error="invalid_token"') ? new SessionEnded(ENDED_IN_KEYCLOAK) : new SessionEnded();
    }
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    if (!response.ok) {
      throw new ApiError(response.status, messageFor(response.status, data), data && data.detail ? data.detail : null);
    }
    return { data, etag: response.headers.get('ETag') };
  }

  get(path) {
    return this.request('GET', path);
  }
}
