// Small DOM helpers. Text from the API is only ever set as textContent, never parsed as HTML.

export const byId = (id) => document.getElementById(id);

export function element(tag, { className, text, attributes = {} } = {}, ...children) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, value));
  children.forEach((child) => node.append(child));
  return node;
}

export function show(node, visible = true) {
  node.hidden = !visible;
}

/** A message in the page's live region (screen readers announce it); errors stay until dismissed. */
export function notice(text, kind = 'info') {
  const box = byId('notice');
  byId('notice-text').textContent = text;
  box.dataset.kind = kind;
  show(box);
  clearTimeout(notice.timer);
  if (kind !== 'error') {
    notice.timer = setTimeout(() => show(box, false), 6000);
  }
}

/** Marks a button busy while the promise runs, so a double click cannot send twice. */
export async function busy(button, work) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatTime(iso) {
  return iso ? dateFormat.format(new Date(iso)) : '';
}
