// parley-install's wizard page: plain JS, no build. Reads the one-time token from the URL, loads the saved answers,
// shows one numbered step at a time and posts the whole answers with each step (the server saves them first, then
// checks live). English and Arabic (RTL); the server's check results stay in English.
'use strict';

const TOKEN = new URLSearchParams(location.search).get('token') || '';

const T = {
  en: {
    title: 'Parley setup', language: 'Language', loading: 'Loading…', check: 'Check and continue', checking: 'Checking…',
    back: 'Back', install: 'Install Parley', installing: 'Installing… (this takes a minute)', fix: 'Fix:', retry: 'Check again',
    problems: 'Some answers need a change:', passed: 'All checks passed.', failed: 'A check failed: fix it and check again.',
    doneTitle: 'Parley is installed', doneText: 'Sign in as the platform admin. At the first sign-in you set up two-factor sign-in (an authenticator app).',
    signIn: 'Sign in to Parley', twoFactor: 'Two-factor settings', localUrl: 'On this server Parley answers at',
    installedIn: 'Installed in', metaTitle: 'In the Meta app (WhatsApp, Configuration), paste:', callbackUrl: 'Callback URL', verifyToken: 'Verify token',
    locked: 'This wizard is now locked for good.', gone: 'Parley is already installed: this wizard is locked.',
    badToken: 'Open the one-time URL parley-install printed (it holds the token).',
    steps: ['Requirements', 'Database and Redis', 'Site', 'Platform admin', 'Mail', 'Storage', 'WhatsApp', 'Billing', 'Install'],
    leads: [
      'Where Parley keeps its files and which port it uses; then the machine is checked.',
      'The PostgreSQL role that owns Parley\'s database (it creates the database and roles), and Redis.',
      'The address people will use. The wizard proves it reaches this server by calling itself through it.',
      'The first platform admin: the only account that can manage the whole installation.',
      'Parley sends invitations, password resets and alerts. A test mail goes to the admin.',
      'Where pictures, voice notes and documents are kept.',
      'Optional: a WhatsApp Cloud API number for your own workspace, tested now and connected at the install. Other workspaces connect their own numbers later.',
      'Optional: Stripe for paid plans. Without it, the platform admin assigns plans by hand.',
      'Writes the configuration with generated secrets, prepares the database, creates the admin and the standard plans, installs the services, starts Parley, creates your workspace with its WhatsApp number, checks Meta\'s webhook verification and takes a first backup.',
    ],
    f: {
      'server.data_dir': 'Data directory', 'server.web_dist': 'Web app directory', 'server.host': 'Listen address', 'server.port': 'Port',
      'database.host': 'PostgreSQL host', 'database.port': 'PostgreSQL port', 'database.name': 'Database name', 'database.user': 'Role',
      'database.password': 'Role password', 'redis.url': 'Redis URL',
      'site.public_url': 'Public URL', 'site.name': 'Site name', 'site.time_zone': 'Time zone', 'site.language': 'Default language',
      'site.caddy': 'Write a Caddyfile for HTTPS', 'site.caddy_email': 'Email for certificate notices',
      'admin.email': 'Admin email', 'admin.name': 'Admin name', 'admin.password': 'Admin password',
      'mail.mode': 'Mail', 'mail.smtp_url': 'SMTP URL', 'mail.username': 'SMTP user', 'mail.password': 'SMTP password', 'mail.from': 'Sender',
      'storage.backend': 'Storage', 'storage.local_dir': 'Media directory', 'storage.s3_bucket': 'Bucket', 'storage.s3_region': 'Region',
      'storage.s3_endpoint': 'Endpoint (empty for AWS)', 'storage.s3_access_key_id': 'Access key id', 'storage.s3_secret_access_key': 'Secret access key',
      'whatsapp.mode': 'WhatsApp', 'whatsapp.graph_url': 'Graph API URL', 'whatsapp.phone_number_id': 'Phone number id', 'whatsapp.waba_id': 'WhatsApp Business Account id',
      'whatsapp.access_token': 'Access token', 'whatsapp.app_secret': 'App secret',
      'billing.mode': 'Billing', 'billing.secret_key': 'Stripe secret key', 'billing.webhook_secret': 'Webhook signing secret', 'billing.base_url': 'Stripe API URL (empty for Stripe)',
    },
    o: {
      later: 'Later (keep mails in the dev mailbox)', smtp: 'SMTP server', local: 'Local directory', s3: 'S3-compatible bucket',
      skip: 'Skip for now', cloud: 'WhatsApp Cloud API', simulator: 'Simulator (a trial)', stripe: 'Stripe',
    },
    hints: {
      'database.password': 'Empty when the server trusts local connections.',
      'site.public_url': 'Such as https://crm.example.com (its DNS name must point at this server).',
      'admin.password': 'At least 10 characters.',
      'mail.smtp_url': 'smtp://host:587 (STARTTLS) or smtps://host:465.',
      'whatsapp.graph_url': 'https://graph.facebook.com/v23.0, or the simulator\'s /sim/graph/v23.0.',
      'whatsapp.waba_id': 'Digits, in WhatsApp Manager, API setup, next to the phone number id.',
      'whatsapp.app_secret': 'Meta app, App settings, Basic: Parley checks Meta\'s webhook signatures with it.',
    },
  },
  ar: {
    title: 'إعداد بارلي', language: 'اللغة', loading: 'جارٍ التحميل…', check: 'تحقّق وتابع', checking: 'جارٍ التحقّق…',
    back: 'رجوع', install: 'ثبّت بارلي', installing: 'جارٍ التثبيت… (يستغرق دقيقة)', fix: 'الحل:', retry: 'تحقّق مجددًا',
    problems: 'بعض الإجابات تحتاج إلى تعديل:', passed: 'نجحت كل الفحوص.', failed: 'فشل فحص: أصلحه ثم تحقّق مجددًا.',
    doneTitle: 'تم تثبيت بارلي', doneText: 'سجّل الدخول بصفتك مدير المنصة. عند أول دخول تُعِدّ التحقق بخطوتين (تطبيق مصادقة).',
    signIn: 'سجّل الدخول إلى بارلي', twoFactor: 'إعدادات التحقق بخطوتين', localUrl: 'على هذا الخادم يجيب بارلي على',
    installedIn: 'اكتمل التثبيت في', metaTitle: 'في تطبيق Meta (واتساب، الإعداد)، الصق:', callbackUrl: 'رابط الاستدعاء', verifyToken: 'رمز التحقق',
    locked: 'هذا المعالج مقفل الآن نهائيًا.', gone: 'بارلي مثبّت بالفعل: هذا المعالج مقفل.',
    badToken: 'افتح الرابط لمرة واحدة الذي طبعه parley-install (فيه الرمز).',
    steps: ['المتطلبات', 'قاعدة البيانات وRedis', 'الموقع', 'مدير المنصة', 'البريد', 'التخزين', 'واتساب', 'الفوترة', 'التثبيت'],
    leads: [
      'أين يحفظ بارلي ملفاته وأي منفذ يستخدم؛ ثم يُفحص الجهاز.',
      'دور PostgreSQL المالك لقاعدة بيانات بارلي (ينشئ القاعدة والأدوار)، وRedis.',
      'العنوان الذي سيستخدمه الناس. يثبت المعالج أنه يصل إلى هذا الخادم باستدعاء نفسه عبره.',
      'أول مدير للمنصة: الحساب الوحيد الذي يدير التثبيت كله.',
      'يرسل بارلي الدعوات وإعادة تعيين كلمات المرور والتنبيهات. تُرسل رسالة تجريبية إلى المدير.',
      'أين تُحفظ الصور والرسائل الصوتية والمستندات.',
      'اختياري: رقم WhatsApp Cloud API لمساحة عملك، يُختبر الآن ويُربط عند التثبيت. تربط مساحات العمل الأخرى أرقامها لاحقًا.',
      'اختياري: Stripe للخطط المدفوعة. بدونه يعيّن مدير المنصة الخطط يدويًا.',
      'يكتب الإعدادات مع أسرار مولّدة، ويجهّز قاعدة البيانات، وينشئ المدير والخطط القياسية، ويثبّت الخدمات، ويشغّل بارلي، وينشئ مساحة عملك مع رقم واتساب، ويتحقق من ويب هوك Meta ويأخذ أول نسخة احتياطية.',
    ],
    f: {
      'server.data_dir': 'مجلد البيانات', 'server.web_dist': 'مجلد تطبيق الويب', 'server.host': 'عنوان الاستماع', 'server.port': 'المنفذ',
      'database.host': 'مضيف PostgreSQL', 'database.port': 'منفذ PostgreSQL', 'database.name': 'اسم قاعدة البيانات', 'database.user': 'الدور',
      'database.password': 'كلمة مرور الدور', 'redis.url': 'رابط Redis',
      'site.public_url': 'الرابط العام', 'site.name': 'اسم الموقع', 'site.time_zone': 'المنطقة الزمنية', 'site.language': 'اللغة الافتراضية',
      'site.caddy': 'اكتب ملف Caddyfile لـ HTTPS', 'site.caddy_email': 'بريد إشعارات الشهادة',
      'admin.email': 'بريد المدير', 'admin.name': 'اسم المدير', 'admin.password': 'كلمة مرور المدير',
      'mail.mode': 'البريد', 'mail.smtp_url': 'رابط SMTP', 'mail.username': 'مستخدم SMTP', 'mail.password': 'كلمة مرور SMTP', 'mail.from': 'المرسل',
      'storage.backend': 'التخزين', 'storage.local_dir': 'مجلد الوسائط', 'storage.s3_bucket': 'الحاوية', 'storage.s3_region': 'المنطقة',
      'storage.s3_endpoint': 'نقطة الوصول (فارغة لـ AWS)', 'storage.s3_access_key_id': 'معرّف مفتاح الوصول', 'storage.s3_secret_access_key': 'مفتاح الوصول السري',
      'whatsapp.mode': 'واتساب', 'whatsapp.graph_url': 'رابط Graph API', 'whatsapp.phone_number_id': 'معرّف رقم الهاتف', 'whatsapp.waba_id': 'معرّف حساب واتساب للأعمال',
      'whatsapp.access_token': 'رمز الوصول', 'whatsapp.app_secret': 'سر التطبيق',
      'billing.mode': 'الفوترة', 'billing.secret_key': 'مفتاح Stripe السري', 'billing.webhook_secret': 'سر توقيع الويب هوك', 'billing.base_url': 'رابط Stripe API (فارغ لـ Stripe)',
    },
    o: {
      later: 'لاحقًا (تبقى الرسائل في صندوق التطوير)', smtp: 'خادم SMTP', local: 'مجلد محلي', s3: 'حاوية متوافقة مع S3',
      skip: 'تخطَّ الآن', cloud: 'WhatsApp Cloud API', simulator: 'المحاكي (تجربة)', stripe: 'Stripe',
    },
    hints: {
      'database.password': 'فارغة إذا كان الخادم يثق بالاتصالات المحلية.',
      'site.public_url': 'مثل https://crm.example.com (يجب أن يشير اسمه إلى هذا الخادم).',
      'admin.password': '10 أحرف على الأقل.',
      'mail.smtp_url': 'smtp://host:587 أو smtps://host:465.',
      'whatsapp.graph_url': 'https://graph.facebook.com/v23.0 أو /sim/graph/v23.0 للمحاكي.',
      'whatsapp.waba_id': 'أرقام، في WhatsApp Manager ضمن إعداد API بجوار معرّف رقم الهاتف.',
      'whatsapp.app_secret': 'تطبيق Meta، إعدادات التطبيق، الأساسية: يتحقق به بارلي من تواقيع ويب هوك Meta.',
    },
  },
};

// Parley's languages (answers.rs LANGUAGES), by native name as Parley's own language menu shows them.
const LANGUAGES = ['en', 'es', 'fr', 'de', 'pt', 'ar', 'hi', 'zh', 'ja', 'ru'];
const NATIVE = { en: 'English', es: 'Español', fr: 'Français', de: 'Deutsch', pt: 'Português', ar: 'العربية', hi: 'हिन्दी', zh: '简体中文', ja: '日本語', ru: 'Русский' };

// Each step's fields: [key, type, options or null, shown when (answers) => bool].
const STEPS = [
  [['server.data_dir', 'text'], ['server.web_dist', 'text'], ['server.host', 'text'], ['server.port', 'number']],
  [['database.host', 'text'], ['database.port', 'number'], ['database.name', 'text'], ['database.user', 'text'], ['database.password', 'password'], ['redis.url', 'text']],
  [['site.public_url', 'url'], ['site.name', 'text'], ['site.time_zone', 'text'], ['site.language', 'select', LANGUAGES],
    ['site.caddy', 'checkbox'], ['site.caddy_email', 'email', null, (a) => a.site.caddy]],
  [['admin.email', 'email'], ['admin.name', 'text'], ['admin.password', 'password']],
  [['mail.mode', 'select', ['later', 'smtp']], ...['smtp_url', 'username', 'password', 'from'].map((k) => [`mail.${k}`, k === 'password' ? 'password' : 'text', null, (a) => a.mail.mode === 'smtp'])],
  [['storage.backend', 'select', ['local', 's3']], ['storage.local_dir', 'text', null, (a) => a.storage.backend === 'local'],
    ...['s3_bucket', 's3_region', 's3_endpoint', 's3_access_key_id', 's3_secret_access_key'].map((k) => [`storage.${k}`, k.includes('secret') ? 'password' : 'text', null, (a) => a.storage.backend === 's3'])],
  [['whatsapp.mode', 'select', ['skip', 'cloud', 'simulator']],
    ...['graph_url', 'phone_number_id', 'waba_id', 'access_token', 'app_secret'].map((k) => [`whatsapp.${k}`, k === 'access_token' || k === 'app_secret' ? 'password' : 'text', null, (a) => a.whatsapp.mode !== 'skip'])],
  [['billing.mode', 'select', ['skip', 'stripe']], ...['secret_key', 'webhook_secret', 'base_url'].map((k) => [`billing.${k}`, k === 'base_url' ? 'text' : 'password', null, (a) => a.billing.mode === 'stripe'])],
  [],
];

let lang = localStorage.getItem('parley-install-lang') || 'en';
let answers = null;
let passed = new Set();
let current = 1;
let last = null; // the last outcome of the current step
let busy = false;
let finished = null;

const t = (k) => T[lang][k] ?? T.en[k];
/** How long the install took: the server's words (the log's) in English, the language's own units otherwise. */
function took(finished) {
  const s = finished.installedSeconds;
  if (lang === 'en' || typeof s !== 'number') return finished.installedIn;
  const unit = (n, u) => new Intl.NumberFormat(lang, { style: 'unit', unit: u, unitDisplay: 'short' }).format(n);
  if (s < 60) return unit(s, 'second');
  if (s < 3600) return `${unit(Math.floor(s / 60), 'minute')} ${unit(s % 60, 'second')}`;
  return `${unit(Math.floor(s / 3600), 'hour')} ${unit(Math.floor((s % 3600) / 60), 'minute')}`;
}
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c) e.append(c);
  return e;
};
const getAt = (obj, key) => key.split('.').reduce((o, k) => o?.[k], obj);
const setAt = (obj, key, v) => {
  const [s, k] = key.split('.');
  obj[s][k] = v;
};

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { 'X-Install-Token': TOKEN, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

function applyLang() {
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
  document.title = t('title');
  document.querySelectorAll('[data-t]').forEach((n) => { n.textContent = t(n.dataset.t); });
  document.getElementById('ui-lang').value = lang;
}

function renderStepper() {
  const ol = document.getElementById('stepper');
  ol.replaceChildren(
    ...t('steps').map((name, i) => {
      const n = i + 1;
      const b = el('button', { type: 'button', 'data-testid': `step-${n}`, 'aria-current': n === current ? 'step' : null },
        el('span', { class: 'num', text: passed.has(n) ? '✓' : String(n) }), el('span', { class: 'label', text: name }));
      b.addEventListener('click', () => { if (!busy && !finished) { current = n; last = null; render(); } });
      return el('li', { class: passed.has(n) ? 'done' : '' }, b);
    }),
  );
  // On a phone the steps scroll sideways: keep the current one in sight.
  ol.querySelector('[aria-current="step"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
}

function field([key, type, options, when]) {
  if (when && !when(answers)) return null;
  const id = `f-${key.replace('.', '-')}`;
  const problem = last?.problems?.find((p) => p.field === key);
  const value = getAt(answers, key);
  let input;
  if (type === 'select') {
    input = el('select', { id, 'data-testid': `field-${key}` }, ...options.map((o) => el('option', { value: o, text: T[lang].o[o] ?? NATIVE[o] ?? o, selected: o === value })));
    input.addEventListener('change', () => { setAt(answers, key, input.value); render(); });
  } else if (type === 'checkbox') {
    input = el('input', { id, type: 'checkbox', 'data-testid': `field-${key}`, checked: !!value });
    input.addEventListener('change', () => { setAt(answers, key, input.checked); render(); });
    return el('div', { class: 'field wide' }, el('div', { class: 'check-row' }, input, el('label', { for: id, text: t('f')[key] })));
  } else {
    // Addresses, paths and keys read left to right in Arabic too; names follow what is typed.
    input = el('input', { id, type, dir: key === 'site.name' || key === 'admin.name' ? 'auto' : 'ltr', 'data-testid': `field-${key}`, autocomplete: type === 'password' ? 'new-password' : 'off', spellcheck: 'false' });
    input.value = value ?? '';
    input.addEventListener('input', () => setAt(answers, key, type === 'number' ? Number(input.value) : input.value));
  }
  const hint = T[lang].hints[key];
  return el('div', { class: `field${problem ? ' bad' : ''}` },
    el('label', { for: id, text: t('f')[key] }), input,
    hint ? el('span', { class: 'hint', text: hint }) : null,
    problem ? el('span', { class: 'problem', role: 'alert', 'data-testid': `problem-${key}`, text: problem.message }) : null);
}

function results(outcome) {
  if (!outcome) return null;
  const items = (outcome.checks || []).map((c) =>
    el('li', { class: `result ${c.status}`, 'data-testid': 'check', 'data-status': c.status },
      el('div', { class: 'name', dir: 'auto', text: c.name }), el('div', { class: 'detail', dir: 'auto', text: c.detail }),
      c.fix && c.status !== 'ok' ? el('div', { class: 'fix', 'data-testid': 'fix' }, el('strong', { text: `${t('fix')} ` }), el('span', { dir: 'auto', text: c.fix })) : null));
  const head = outcome.problems?.length ? t('problems') : outcome.passed ? t('passed') : t('failed');
  return el('div', { 'data-testid': 'results', 'data-passed': String(!!outcome.passed) },
    el('p', { role: 'status', text: head }), el('ul', { class: 'results' }, ...items));
}

function render() {
  renderStepper();
  const panel = document.getElementById('panel');
  if (finished) {
    panel.replaceChildren(
      el('h1', { text: t('doneTitle'), 'data-testid': 'done' }), el('p', { class: 'lead', text: t('doneText') }),
      results(finished.outcome),
      el('div', { class: 'summary' },
        el('a', { href: finished.login, 'data-testid': 'login-link', text: t('signIn') }),
        el('a', { href: finished.security, text: t('twoFactor') }),
        el('span', { text: `${t('localUrl')} ${finished.localUrl}` }),
        finished.installedIn ? el('span', { 'data-testid': 'installed-in', text: `${t('installedIn')} ${took(finished)}` }) : null,
        el('strong', { text: t('locked') })),
      finished.webhook ? el('div', { class: 'meta', 'data-testid': 'meta-webhook' },
        el('p', { text: t('metaTitle') }),
        el('dl', {},
          el('dt', { text: t('callbackUrl') }), el('dd', { dir: 'ltr' }, el('code', { 'data-testid': 'callback-url', text: finished.webhook.callbackUrl })),
          el('dt', { text: t('verifyToken') }), el('dd', { dir: 'ltr' }, el('code', { 'data-testid': 'verify-token', text: finished.webhook.verifyToken })))) : null);
    return;
  }
  const i = current - 1;
  const fields = STEPS[i].map(field).filter(Boolean);
  const go = el('button', { type: 'submit', class: 'btn primary', 'data-testid': 'step-submit', disabled: busy },
    busy ? (current === 9 ? t('installing') : t('checking')) : current === 9 ? t('install') : last && !last.passed ? t('retry') : t('check'));
  const back = current > 1 ? el('button', { type: 'button', class: 'btn ghost', text: t('back'), disabled: busy }) : null;
  back?.addEventListener('click', () => { current -= 1; last = null; render(); });
  const form = el('form', { novalidate: true, 'data-testid': `form-${current}` },
    el('h1', { text: `${current}. ${t('steps')[i]}` }), el('p', { class: 'lead', text: t('leads')[i] }),
    fields.length ? el('div', { class: 'fields' }, ...fields) : null,
    el('div', { class: 'actions' }, back, go), results(last));
  form.addEventListener('submit', (e) => { e.preventDefault(); submit(); });
  panel.replaceChildren(form);
}

async function submit() {
  busy = true;
  // The last outcome goes while the step runs again: what shows next is the new one.
  last = null;
  render();
  const res = await api('POST', `/api/steps/${current}`, answers).catch((e) => ({ status: 0, body: { message: String(e) } }));
  busy = false;
  if (res.status === 410) return notice(t('gone'));
  if (res.status === 403) return notice(t('badToken'));
  const outcome = res.body?.outcome ?? { checks: [{ name: 'Wizard', status: 'fail', detail: res.body?.message ?? `HTTP ${res.status}` }], passed: false };
  if (outcome.passed) passed.add(current); else passed.delete(current);
  if (current === 9 && outcome.passed) {
    finished = { ...res.body, outcome };
  } else if (outcome.passed && current < 9) {
    // Shown on the next step too, so the person sees what was found before moving on.
    current += 1;
    last = null;
    const prev = outcome;
    render();
    const panel = document.getElementById('panel');
    const note = el('div', { 'data-testid': 'previous-results' }, results(prev));
    panel.append(note);
    return;
  } else {
    last = outcome;
  }
  render();
}

function notice(text) {
  document.getElementById('panel').replaceChildren(el('h1', { text: t('title') }), el('p', { 'data-testid': 'notice', text }));
}

async function start() {
  document.getElementById('ui-lang').addEventListener('change', (e) => {
    lang = e.target.value;
    localStorage.setItem('parley-install-lang', lang);
    applyLang();
    if (answers) render();
  });
  applyLang();
  const res = await api('GET', '/api/state');
  if (res.status === 410) return notice(t('gone'));
  if (res.status !== 200) return notice(t('badToken'));
  answers = res.body.answers;
  passed = new Set(res.body.passed);
  // Resume at the first step not yet passed.
  current = [1, 2, 3, 4, 5, 6, 7, 8, 9].find((n) => !passed.has(n)) ?? 9;
  render();
}

start();
