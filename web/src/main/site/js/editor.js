// The create/edit dialog. Optimistic concurrency: a change carries the ETag it started from; when someone else
// changed the record first (412) the user is told and can load their version. What was typed survives a
// sign-in round trip (kept in this tab's sessionStorage for the same user and organization only, never a token,
// and removed once restored or on sign-out).
import { ApiError } from './api.js';
import { byId, busy, show } from './dom.js';

const DRAFT_KEY = 'gatehouse.draft';
// The API's rules for tags, checked here first so the message can be plain.
const TAG = /^[\p{L}\p{N}_.-]{1,40}$/u;
const MAX_TAGS = 20;

export class Editor {
  #api;
  #onSaved;
  #onError;
  #dialog = byId('editor');
  #form = byId('editor-form');
  #error = byId('editor-error');
  #reload = byId('editor-reload');
  #record = null; // {id, etag} when editing, null when creating

  constructor(api, { onSaved, onError }) {
    this.#api = api;
    this.#onSaved = onSaved;
    this.#onError = onError;
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(byId('editor-save'), () => this.#save());
    });
    byId('editor-cancel').addEventListener('click', () => this.#dialog.close());
    this.#reload.addEventListener('click', () => busy(this.#reload, () => this.#loadLatest()));
    this.#dialog.addEventListener('close', () => { this.#record = null; });
  }

  /** Opens the dialog for a new record, or for a record (an API record, or {id, etag}) with what was typed. */
  open(record = null, typed = null) {
    this.#record = record ? { id: record.id, etag: record.etag ?? `"${record.version}"` } : null;
    byId('editor-heading').textContent = record ? 'Edit record' : 'New record';
    this.#fill(typed || record || { title: '', body: '', tags: [] });
    this.#showError(null);
    this.#dialog.showModal();
    byId('editor-title').focus();
  }

  /**
   * Before a redirect to the login page: keeps what is typed in the open dialog, for this user in this organization
   * only ({@code owner}), so that whoever signs in next on this tab never sees it.
   */
  keepDraft(owner) {
    if (!this.#dialog.open) {
      return;
    }
    sessionStorage.setItem(DRAFT_KEY, JSON.stringify({ owner, record: this.#record, input: this.#input() }));
  }

  /** After signing in: reopens the dialog with what was typed, if it was kept for this same owner. */
  restoreDraft(owner) {
    const kept = sessionStorage.getItem(DRAFT_KEY);
    this.discardDraft();
    if (!kept) {
      return false;
    }
    const draft = JSON.parse(kept);
    if (draft.owner !== owner) {
      return false;
    }
    this.open(draft.record, draft.input);
    this.#showError('You had to sign in again. What you typed is still here: check it and save.');
    return true;
  }

  /** On sign-out: nothing typed outlives the session. */
  discardDraft() {
    sessionStorage.removeItem(DRAFT_KEY);
  }

  #input() {
    const tags = byId('editor-tags').value.split(/[\s,]+/).filter((tag) => tag.length > 0);
    return { title: byId('editor-title').value.trim(), body: byId('editor-body').value, tags: [...new Set(tags)] };
  }

  #fill({ title, body, tags }) {
    byId('editor-title').value = title;
    byId('editor-body').value = body;
    byId('editor-tags').value = [...tags].join(' ');
  }

  async #save() {
    const input = this.#input();
    if (!input.title) {
      this.#showError('Give the record a title.');
      byId('editor-title').focus();
      return;
    }
    const badTag = input.tags.find((tag) => !TAG.test(tag));
    if (badTag !== undefined || input.tags.length > MAX_TAGS) {
      this.#showError(badTag !== undefined
        ? `Tags may only contain letters, digits and _ . - (up to 40 characters each): “${badTag}” does not fit.`
        : `A record can have at most ${MAX_TAGS} tags.`);
      byId('editor-tags').focus();
      return;
    }
    try {
      const saved = this.#record
        ? await this.#api.request('PUT', '/records/' + encodeURIComponent(this.#record.id), { body: input, etag: this.#record.etag })
        : await this.#api.request('POST', '/records', { body: input });
      const created = !this.#record;
      this.#dialog.close();
      this.#onSaved(saved.data, created);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        this.#onError(error);
        return;
      }
      this.#showError(error.message, error.status === 412);
    }
  }

  async #loadLatest() {
    try {
      const latest = await this.#api.get('/records/' + encodeURIComponent(this.#record.id));
      this.#record = { id: latest.data.id, etag: latest.etag };
      this.#fill(latest.data);
      this.#showError('This is their version now. Make your change again and save.');
    } catch (error) {
      if (!(error instanceof ApiError)) {
        this.#onError(error);
        return;
      }
      this.#showError(error.message);
    }
  }

  #showError(message, offerReload = false) {
    this.#error.textContent = message || '';
    show(this.#error, Boolean(message));
    show(this.#reload, offerReload);
  }
}
