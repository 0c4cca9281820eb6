// Start-up: read config.json (written beside the page by the stack or a deploy), sign in, show the views.
import { Api } from './api.js';
import { Session, SessionEnded, StepUpNeeded } from './auth.js';
import { byId, notice, show } from './dom.js';
import { Editor } from './editor.js';
import { RecordsView } from './records.js';

async function loadConfig() {
  const response = await fetch('config.json', { cache: 'no-store' });
  if (!response.ok) {
    throw new Error('config.json is missing (' + response.status + ')');
  }
  return response.json();
}

function selectView(name) {
  ['records', 'admin'].forEach((view) => {
    show(byId(view + '-view'), view === name);
    const tab = byId('nav-' + view);
    if (view === name) {
      tab.setAttribute('aria-current', 'page');
    } else {
      tab.removeAttribute('aria-current');
    }
  });
  byId('main').focus();
}

async function start() {
  const config = await loadConfig();
  const session = new Session(config);
  try {
    await session.start();
  } catch {
    throw new Error('the sign-in service (Keycloak) did not answer');
  }
  const api = new Api(config.apiUrl, session);
  const steppedUp = session.takeStepUp();
  const signedOutBecause = session.takeSignedOutReason();

  // One place decides what an error means: an ended session signs in again, a call that needs a second factor
  // signs in again asking for it (once: a second refusal is shown), anything else is shown.
  const onError = (error) => {
    if (error instanceof StepUpNeeded) {
      if (steppedUp) {
        notice('Admin actions need a second factor, and this sign-in did not use one. Add one under “Sign-in methods”, then try again.', 'error');
        return;
      }
      notice(error.message);
      session.stepUp(error.acrValues, { view: 'admin' });
    } else if (error instanceof SessionEnded) {
      notice(error.message);
      session.signInAgain(error.message);
    } else {
      notice(error.message, 'error');
    }
  };
  let records;
  const editor = new Editor(api, { onSaved: (record, created) => records.saved(record, created), onError });
  session.onBeforeLogin(() => editor.keepDraft(session.owner));
  records = new RecordsView(api, editor, onError);

  const me = (await api.get('/me')).data;
  byId('user-name').textContent = session.displayName || me.username;
  byId('user-tenant').textContent = me.organizations.length ? me.organizations.join(', ') : 'no tenant';
  byId('sign-in-methods').href = session.signInMethodsUrl;
  byId('logout').addEventListener('click', () => {
    editor.discardDraft();
    session.signOut();
  });
  // Keycloak shows its organization chooser to a member of several organizations; the others come straight back.
  byId('switch-organization').addEventListener('click', () => session.signInAgain());
  show(byId('loading'), false);
  if (signedOutBecause) {
    notice(signedOutBecause);
  }
  show(byId('who'));
  show(byId('nav'));
  byId('notice-close').addEventListener('click', () => show(byId('notice'), false));

  if (!me.organizations.length) {
    notice('Your account does not belong to a tenant yet. Ask your administrator to add you to your organization.', 'error');
    return;
  }
  // Admin of the organization this sign-in is for, not of every organization the user belongs to.
  if (me.tenantAdmin) {
    // Only tenant admins load the admin view's code (admin.js, members.js): everyone else's visit is lighter.
    const { AdminView } = await import('./admin.js');
    const admin = new AdminView(api, me, onError);
    show(byId('nav-admin'));
    byId('nav-admin').addEventListener('click', () => {
      selectView('admin');
      admin.show();
    });
  }
  byId('nav-records').addEventListener('click', () => selectView('records'));
  selectView('records');
  await records.reload();
  // User timing for the page benchmark: set once the frame that shows the list has been painted (a task queued from
  // the frame's callback runs after its paint).
  requestAnimationFrame(() => setTimeout(() => performance.mark('records-shown')));
  editor.restoreDraft(session.owner);
  // Back from a step-up: the admin view again, its calls now made with the second factor. Only its reads can meet the
  // step-up (they come first, and the stepped-up token keeps its acr through refreshes), so nothing is left to redo.
  if (steppedUp && steppedUp.view === 'admin' && me.tenantAdmin) {
    byId('nav-admin').click();
  }
}

start().catch((error) => {
  const loading = byId('loading');
  loading.removeAttribute('aria-busy');
  loading.className = 'error';
  loading.textContent = error instanceof SessionEnded
    ? error.message
    : 'Gatehouse could not start: ' + (error && error.message ? error.message : 'unknown error') + '. Reload the page to try again.';
});
