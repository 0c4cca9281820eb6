// A tenant admin's people: the organization's members, invitations by e-mail (Keycloak sends them; those not accepted
// yet can be sent again or withdrawn), removing a member, and granting or taking away the admin right. The API checks
// every step against the admin's own tenant.
import { ApiError } from './api.js';
import { busy, byId, element, formatTime, notice } from './dom.js';
import { PagedList, pageQuery } from './paged-list.js';

function describe(shown, more) {
  return shown ? `${shown} member${shown === 1 ? '' : 's'}${more ? ', more available' : ''}.` : 'No members yet.';
}

/** What the API said, when it said something a person can act on; the generic message otherwise. */
function explain(error) {
  return error.detail && [400, 404, 409].includes(error.status) ? error.detail.charAt(0).toUpperCase() + error.detail.slice(1) + '.' : error.message;
}

export class MembersPanel {
  #api;
  #me;
  #onError;
  #list;

  constructor(api, me, onError) {
    this.#api = api;
    this.#me = me;
    this.#onError = onError;
    this.#list = new PagedList({
      list: byId('members-list'), status: byId('members-status'), more: byId('members-more'),
      fetchPage: async (cursor) => (await api.get('/admin/members' + pageQuery(cursor, ''))).data,
      render: (member) => this.#card(member),
      onError,
      describe,
    });
    byId('invite-form').addEventListener('submit', (event) => {
      event.preventDefault();
      busy(event.submitter || byId('invite-form').querySelector('button'), () => this.#invite());
    });
  }

  reload() {
    return Promise.all([this.#list.reload(), this.#loadInvitations()]);
  }

  async #loadInvitations() {
    const status = byId('invitations-status');
    status.textContent = 'Loading…';
    try {
      const { items } = (await this.#api.get('/admin/members/invitations')).data;
      byId('invitations-list').replaceChildren(...items.map((invitation) => this.#invitationCard(invitation)));
      status.textContent = items.length ? '' : 'None.';
    } catch (error) {
      status.textContent = '';
      this.#onError(error);
    }
  }

  #invitationCard(invitation) {
    const path = `/admin/members/invitations/${encodeURIComponent(invitation.id)}`;
    const resend = element('button', { text: 'Send again', attributes: { type: 'button', 'data-action': 'resend' } });
    resend.addEventListener('click', () => busy(resend, () => this.#change('POST', path + '/resend', `Invitation sent again to ${invitation.email}.`)));
    const withdraw = element('button', { className: 'danger-text', text: 'Withdraw', attributes: { type: 'button', 'data-action': 'withdraw' } });
    withdraw.addEventListener('click', () => busy(withdraw, () => this.#change('DELETE', path, `Invitation to ${invitation.email} withdrawn.`)));
    const when = invitation.expired ? `Sent ${formatTime(invitation.sentAt)}; the link has expired.`
      : `Sent ${formatTime(invitation.sentAt)}; the link works until ${formatTime(invitation.expiresAt)}.`;
    return element('li', { className: 'card', attributes: { 'data-id': invitation.id, 'data-email': invitation.email } },
      element('h4', { text: invitation.email }),
      element('p', { className: 'muted small', text: when }),
      element('div', { className: 'actions' }, resend, withdraw));
  }

  #card(member) {
    const you = member.id === this.#me.subject;
    const name = [member.firstName, member.lastName].filter(Boolean).join(' ') || member.username;
    const heading = element('h3', { text: name + (you ? ' (you)' : '') });
    if (member.admin) {
      heading.append(' ', element('span', { className: 'badge', text: 'admin' }));
    }
    const adminButton = element('button', {
      text: member.admin ? 'Remove admin right' : 'Make admin', attributes: { type: 'button', 'data-action': 'admin' },
    });
    adminButton.addEventListener('click', () => busy(adminButton, () => this.#change(
      member.admin ? 'DELETE' : 'PUT', `/admin/members/${encodeURIComponent(member.id)}/admin`,
      member.admin ? `${name} is no longer an admin.` : `${name} is now an admin.`)));
    const removeButton = element('button', { className: 'danger', text: 'Remove', attributes: { type: 'button', 'data-action': 'remove' } });
    removeButton.addEventListener('click', () => {
      if (window.confirm(`Remove ${name} from this organization? They keep their account but lose access to its records.`)) {
        busy(removeButton, () => this.#change('DELETE', `/admin/members/${encodeURIComponent(member.id)}`, `${name} was removed.`));
      }
    });
    return element('li', { className: 'card', attributes: { 'data-id': member.id, 'data-username': member.username } },
      heading,
      element('p', { className: 'muted small', text: member.email || 'no e-mail address' }),
      element('div', { className: 'actions' }, adminButton, removeButton));
  }

  async #invite() {
    const input = byId('invite-email');
    if (!input.checkValidity()) {
      notice('Enter the e-mail address to send the invitation to.', 'error');
      input.focus();
      return;
    }
    try {
      await this.#api.request('POST', '/admin/members/invitations', { body: { email: input.value.trim() } });
      notice(`Invitation sent to ${input.value.trim()}. They join when they follow the link in it.`);
      input.value = '';
      await this.#loadInvitations();
    } catch (error) {
      this.#refused(error);
    }
  }

  async #change(method, path, done) {
    try {
      await this.#api.request(method, path);
      notice(done);
      await this.reload();
    } catch (error) {
      this.#refused(error);
    }
  }

  #refused(error) {
    if (error instanceof ApiError) {
      notice(explain(error), 'error');
    } else {
      this.#onError(error);
    }
  }
}
