// One record as a card, shared by the owner's list and the admin's read-only view.
import { element, formatTime } from './dom.js';

const PREVIEW_CHARACTERS = 280;

export function recordCard(record, actions = []) {
  const body = record.body.length > PREVIEW_CHARACTERS ? record.body.slice(0, PREVIEW_CHARACTERS) + '…' : record.body;
  const tags = element('ul', { className: 'tags', attributes: { 'aria-label': 'Tags' } },
    ...[...record.tags].sort().map((tag) => element('li', { text: tag })));
  const card = element('li', { className: 'card', attributes: { 'data-id': record.id } },
    element('h3', { text: record.title }),
    element('p', { className: 'muted small', text: 'Changed ' + formatTime(record.updatedAt) }),
    element('p', { className: 'body', text: body }));
  if (record.tags.length) {
    card.append(tags);
  }
  if (actions.length) {
    card.append(element('div', { className: 'actions' }, ...actions));
  }
  return card;
}

/** The text that says how many are shown, for the list's live status line. */
export function countText(shown, more, tag) {
  const what = tag ? ` with the tag “${tag}”` : '';
  if (shown === 0) {
    return tag ? `No records${what}.` : 'No records yet.';
  }
  return `${shown} record${shown === 1 ? '' : 's'}${what}${more ? ', more available' : ''}.`;
}
