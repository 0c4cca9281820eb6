// The signed-in user's own records: list (newest first, tag filter, load more), create, edit, delete.
import { ApiError } from './api.js';
import { byId, busy, element, notice, show } from './dom.js';
import { recordCard } from './cards.js';
import { PagedList, pageQuery } from './paged-list.js';

export class RecordsView {
  #api;
  #editor;
  #onError;
  #list;
  #pending = null; // the record the delete dialog asks about

  constructor(api, editor, onError) {
    this.#api = api;
    this.#editor = editor;
    this.#onError = onError;
    this.#list = new PagedList({
      list: byId('records-list'), status: byId('records-status'), more: byId('records-more'),
      fetchPage: async (cursor, tag) => (await api.get('/records' + pageQuery(cursor, tag))).data,
      render: (record) => this.#card(record),
      onError,
    });
    byId('new-record').addEventListener('click', () => editor.open());
    byId('filter-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const tag = byId('filter-tag').value.trim();
      show(byId('filter-clear'), tag.length > 0);
      this.#list.reload(tag);
    });
    byId('filter-clear').addEventListener('click', () => {
      byId('filter-tag').value = '';
      show(byId('filter-clear'), false);
      this.#list.reload('');
    });
    byId('confirm-form').addEventListener('submit', (event) => {
      event.preventDefault();
      busy(byId('confirm-delete'), () => this.#delete());
    });
    byId('confirm-cancel').addEventListener('click', () => byId('confirm').close());
  }

  reload() {
    return this.#list.reload();
  }

  saved(record, created) {
    notice(created ? `Created “${record.title}”.` : `Saved “${record.title}”.`);
    return this.#list.reload();
  }

  #card(record) {
    const edit = element('button', { text: 'Edit', attributes: { type: 'button', 'aria-label': `Edit “${record.title}”` } });
    const remove = element('button', { className: 'danger-text', text: 'Delete', attributes: { type: 'button', 'aria-label': `Delete “${record.title}”` } });
    edit.addEventListener('click', () => this.#editor.open(record));
    remove.addEventListener('click', () => this.#confirmDelete(record));
    return recordCard(record, [edit, remove]);
  }

  #confirmDelete(record) {
    this.#pending = record;
    byId('confirm-text').textContent = `“${record.title}” will be deleted. This cannot be undone.`;
    show(byId('confirm-error'), false);
    byId('confirm').showModal();
    byId('confirm-cancel').focus();
  }

  async #delete() {
    const record = this.#pending;
    try {
      await this.#api.request('DELETE', '/records/' + encodeURIComponent(record.id), { etag: `"${record.version}"` });
      byId('confirm').close();
      this.#list.remove(record.id);
      notice(`Deleted “${record.title}”.`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        byId('confirm').close();
        this.#list.remove(record.id);
        notice('That record was already deleted.');
      } else if (error instanceof ApiError) {
        byId('confirm-error').textContent = error.status === 412
          ? 'Someone changed this record after the list was loaded. Close this, check the record, and delete it again if you still want to.'
          : error.message;
        show(byId('confirm-error'));
        if (error.status === 412) {
          this.#list.reload();
        }
      } else {
        this.#onError(error);
      }
    }
  }
}
