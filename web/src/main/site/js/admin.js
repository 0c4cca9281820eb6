// A tenant admin's view: the tenant's members, its retention period, and any owner's records (read only).
import { ApiError } from './api.js';
import { byId, busy, element, notice } from './dom.js';
import { recordCard } from './cards.js';
import { MembersPanel } from './members.js';
import { PagedList, pageQuery } from './paged-list.js';

export class AdminView {
  #api;
  #me;
  #onError;
  #records;
  #members;
  #loaded = false;

  constructor(api, me, onError) {
    this.#api = api;
    this.#me = me;
    this.#onError = onError;
    this.#members = new MembersPanel(api, me, onError);
    this.#records = new PagedList({
      list: byId('admin-list'), status: byId('admin-status'), more: byId('admin-more'),
      fetchPage: async (cursor) => {
        const owner = byId('owner-select').value;
        return owner ? (await api.get('/admin/records' + pageQuery(cursor, '', { owner }))).data : { items: [], next: null };
      },
      render: (record) => recordCard(record),
      onError,
    });
    byId('owner-select').addEventListener('change', () => this.#records.reload());
    byId('retention-form').addEventListener('submit', (event) => {
      event.preventDefault();
      busy(event.submitter || byId('retention-form').querySelector('button'), () => this.#saveRetention());
    });
  }

  /** Loads the view's data the first time it is shown; the members every time (people accept invitations meanwhile). */
  async show() {
    if (this.#loaded) {
      await this.#members.reload();
      return;
    }
    this.#loaded = true;
    await Promise.all([this.#members.reload(), this.#loadRetention(), this.#loadOwners()]);
  }

  async #loadRetention() {
    try {
      this.#showRetention((await this.#api.get('/admin/retention')).data);
    } catch (error) {
      this.#loaded = false;
      this.#onError(error);
    }
  }

  #showRetention(retention) {
    byId('retention-days').value = retention.days;
    byId('retention-info').textContent = `Records older than ${retention.days} days are moved to the archive by the scheduled cleanup.`;
  }

  async #saveRetention() {
    const input = byId('retention-days');
    if (!input.checkValidity()) {
      notice('Retention must be a whole number of days from 30 to 3650.', 'error');
      input.focus();
      return;
    }
    try {
      const saved = await this.#api.request('PUT', '/admin/retention', { body: { days: Number(input.value) } });
      this.#showRetention(saved.data);
      notice(`Retention set to ${saved.data.days} days.`);
    } catch (error) {
      if (error instanceof ApiError) {
        notice(error.message, 'error');
      } else {
        this.#onError(error);
      }
    }
  }

  async #loadOwners() {
    try {
      const owners = (await this.#api.get('/admin/owners?limit=1000')).data.items;
      const select = byId('owner-select');
      select.replaceChildren(...owners.map(({ subject, username }) => element('option', {
        text: subject === this.#me.subject ? `${this.#me.username} (you)` : username || `user ${subject}`, attributes: { value: subject },
      })));
      if (!owners.length) {
        select.append(element('option', { text: 'Nobody has records yet', attributes: { value: '' } }));
      }
      await this.#records.reload();
    } catch (error) {
      this.#loaded = false;
      this.#onError(error);
    }
  }
}
