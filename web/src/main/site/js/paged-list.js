// A list filled page by page from the API's cursor ("Load more").
import { busy, show } from './dom.js';
import { countText } from './cards.js';

export class PagedList {
  #list;
  #status;
  #more;
  #fetchPage;
  #render;
  #onError;
  #describe;
  #next = null;
  #tag = '';
  #generation = 0;

  constructor({ list, status, more, fetchPage, render, onError, describe = countText }) {
    this.#list = list;
    this.#describe = describe;
    this.#status = status;
    this.#more = more;
    this.#fetchPage = fetchPage;
    this.#render = render;
    this.#onError = onError;
    more.addEventListener('click', () => busy(more, () => this.#load(false)));
  }

  /** Starts again from the first page (the newest records), optionally with a tag filter. */
  reload(tag = this.#tag) {
    this.#tag = tag;
    this.#next = null;
    return this.#load(true);
  }

  remove(id) {
    this.#list.querySelector(`[data-id="${CSS.escape(id)}"]`)?.remove();
    this.#status.textContent = this.#describe(this.#list.children.length, this.#next !== null, this.#tag);
  }

  async #load(fresh) {
    const generation = fresh ? ++this.#generation : this.#generation;
    this.#status.textContent = 'Loading…';
    this.#list.setAttribute('aria-busy', 'true');
    try {
      const page = await this.#fetchPage(fresh ? null : this.#next, this.#tag);
      if (generation !== this.#generation) {
        return; // a newer reload started meanwhile; its answer wins
      }
      if (fresh) {
        this.#list.replaceChildren();
      }
      page.items.forEach((item) => this.#list.append(this.#render(item)));
      this.#next = page.next || null;
      show(this.#more, this.#next !== null);
      this.#status.textContent = this.#describe(this.#list.children.length, this.#next !== null, this.#tag);
    } catch (error) {
      this.#status.textContent = '';
      this.#onError(error);
    } finally {
      this.#list.removeAttribute('aria-busy');
    }
  }
}

/** The query string of a list call. */
export function pageQuery(cursor, tag, extra = {}) {
  const query = new URLSearchParams({ limit: '20', ...extra });
  if (cursor) {
    query.set('cursor', cursor);
  }
  if (tag) {
    query.set('tag', tag);
  }
  return '?' + query;
}
