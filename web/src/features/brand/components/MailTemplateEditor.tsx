//! One mail's text in one language (`/app/mail/:key/:locale`): subject and body with placeholder chips that insert
//! where the cursor was, a live preview of the unsaved text (sample values, the brand, the From) in a sandboxed
//! frame, save, reset to the default, and a test send to the owner's own address.
import { useLayoutEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Alert, Badge, Button, Card, CardBody, CardHeader, ConfirmModal, Icon, PageHeader, PageSpinner, TextAreaField, TextField, buttonClasses } from '../../../components/ui';
import { directionOf } from '../../../i18n';
import { useErrorText } from '../../../i18n/useErrorText';
import { mapFormError } from '../../../lib/formErrors';
import { MAIL_LOCALES, mailLocaleName, sourceOf, type MailLocale, type MailTemplateInfo, type MailTemplateKey } from '../mailApi';
import { useDebounced, useMailPreview, useMailTemplates, useResetMailTemplate, useSaveMailTemplate, useSendMailTest } from '../mailHooks';
import { MailPreviewFrame } from './MailPreviewFrame';

export function MailTemplateEditor() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { key = '', locale = '' } = useParams();
  const templates = useMailTemplates();
  const template = templates.data?.templates.find((x) => x.key === key);
  const lang = MAIL_LOCALES.find((l) => l === locale);
  return (
    <div className="space-y-6" data-testid="mail-editor">
      <Link to="/app/mail" className="inline-flex items-center gap-1 text-sm font-medium text-primary-600 hover:text-primary-700">
        <Icon name="arrowStart" className="size-4" />
        {t('mail.editor.back')}
      </Link>
      {templates.isPending ? (
        <PageSpinner label={t('common.loading')} />
      ) : templates.isError ? (
        <Alert tone="warning">{errorText(templates.error)}</Alert>
      ) : !template || !lang ? (
        <Alert tone="danger">{t('mail.editor.notFound')}</Alert>
      ) : (
        // A new key or language starts a fresh form.
        <Editor key={`${template.key}/${lang}`} template={template} locale={lang} />
      )}
    </div>
  );
}

type Field = 'subject' | 'body';

function Editor({ template, locale }: { template: MailTemplateInfo; locale: MailLocale }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const key = template.key as MailTemplateKey;
  const texts = template.locales.find((l) => l.locale === locale);
  const source = sourceOf(texts);
  const inForce = texts?.override ?? texts?.agency ?? texts?.default;
  const [subject, setSubject] = useState(inForce?.subject ?? '');
  const [body, setBody] = useState(inForce?.body ?? '');
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const lastField = useRef<Field>('body');
  const caret = useRef<{ field: Field; at: number } | null>(null);
  const save = useSaveMailTemplate(key, locale);
  const reset = useResetMailTemplate(key, locale);
  const test = useSendMailTest(key, locale);
  const dirty = subject !== (inForce?.subject ?? '') || body !== (inForce?.body ?? '');
  const draft = useDebounced(useMemo(() => ({ subject, body }), [subject, body]), 350);
  const valid = draft.subject.trim() !== '' && draft.body.trim() !== '';
  const preview = useMailPreview(key, locale, draft, valid);
  const errors = save.isError ? mapFormError(save.error, ['subject', 'body'], { describe: errorText }) : null;
  const testErrors = test.isError ? mapFormError(test.error, ['subject', 'body'], { describe: errorText }) : null;
  const dir = directionOf(locale);
  const name = t(`mail.names.${key}` as 'mail.names.welcome', { defaultValue: key });

  const insert = (placeholder: string) => {
    const token = `{{${placeholder}}}`;
    const field = lastField.current;
    const el = document.getElementById(field === 'subject' ? 'mail-subject' : 'mail-body') as HTMLInputElement | HTMLTextAreaElement | null;
    const value = field === 'subject' ? subject : body;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    const next = value.slice(0, start) + token + value.slice(end);
    (field === 'subject' ? setSubject : setBody)(next);
    caret.current = { field, at: start + token.length };
  };

  // The caret goes after the inserted placeholder as soon as React has written the new value, before any further
  // keystroke: an animation frame could come after the next keys and move the caret back under them.
  useLayoutEffect(() => {
    const pending = caret.current;
    if (!pending) return;
    caret.current = null;
    const el = document.getElementById(pending.field === 'subject' ? 'mail-subject' : 'mail-body') as
      | HTMLInputElement
      | HTMLTextAreaElement
      | null;
    el?.focus();
    el?.setSelectionRange(pending.at, pending.at);
  }, [subject, body]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    save.mutate({ subject, body }, { onSuccess: () => setSaved(true) });
  };

  return (
    <>
      <PageHeader
        title={`${name} · ${mailLocaleName(locale)}`}
        description={t(`mail.descriptions.${key}` as 'mail.descriptions.welcome', { defaultValue: template.description })}
        actions={
          <nav className="flex flex-wrap gap-1 rounded-xl bg-slate-100 p-1" aria-label={t('mail.editor.language')}>
            {MAIL_LOCALES.map((l) => (
              <Link
                key={l}
                to={`/app/mail/${key}/${l}`}
                aria-current={l === locale ? 'page' : undefined}
                className={buttonClasses(l === locale ? 'primary' : 'ghost', 'sm')}
                data-testid={`mail-locale-${l}`}
              >
                {mailLocaleName(l)}
              </Link>
            ))}
          </nav>
        }
      />
      <div className="grid gap-6 lg:grid-cols-2 lg:items-start">
        <Card>
          <CardHeader
            title={
              <span className="flex flex-wrap items-center gap-2">
                {t('mail.editor.texts')}
                {dirty && <Badge tone="warning">{t('mail.editor.unsaved')}</Badge>}
              </span>
            }
            description={t(`mail.editor.using.${source}`)}
          />
          <CardBody>
            <form onSubmit={submit} className="space-y-4" noValidate>
              <TextField
                id="mail-subject"
                name="subject"
                label={t('mail.editor.subject')}
                value={subject}
                maxLength={200}
                dir={dir}
                onChange={(e) => setSubject(e.target.value)}
                onFocus={() => (lastField.current = 'subject')}
                error={errors?.fields.subject ?? testErrors?.fields.subject}
                data-testid="mail-subject"
              />
              <TextAreaField
                id="mail-body"
                name="body"
                label={t('mail.editor.body')}
                hint={t('mail.editor.bodyHint')}
                value={body}
                rows={10}
                maxLength={10000}
                dir={dir}
                onChange={(e) => setBody(e.target.value)}
                onFocus={() => (lastField.current = 'body')}
                error={errors?.fields.body ?? testErrors?.fields.body}
                data-testid="mail-body"
              />
              <div className="space-y-2">
                <p className="text-sm font-medium text-slate-700">{t('mail.editor.placeholders')}</p>
                <div className="flex flex-wrap gap-2" data-testid="mail-placeholders">
                  {template.placeholders.map((p) => (
                    <button
                      key={p}
                      type="button"
                      onMouseDown={(e) => e.preventDefault()}
                      onClick={() => insert(p)}
                      className="rounded-lg border border-primary-200 bg-primary-50 px-2 py-1 font-mono text-xs text-primary-700 hover:bg-primary-100"
                      aria-label={t('mail.editor.insert', { name: p })}
                      dir="ltr"
                      data-testid={`placeholder-${p}`}
                    >
                      {`{{${p}}}`}
                    </button>
                  ))}
                </div>
                <p className="text-xs text-slate-500">{t('mail.editor.placeholdersHint')}</p>
              </div>
              {errors?.message && <Alert tone="danger">{errors.message}</Alert>}
              {testErrors?.message && <Alert tone="danger">{testErrors.message}</Alert>}
              {saved && !dirty && <Alert tone="success">{t('mail.editor.saved')}</Alert>}
              {test.isSuccess && <Alert tone="success">{t('mail.editor.testSent', { to: test.data.to })}</Alert>}
              <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap">
                <Button type="submit" loading={save.isPending} data-testid="mail-save">
                  {t('mail.editor.save')}
                </Button>
                <Button
                  type="button"
                  variant="outline"
                  loading={test.isPending}
                  onClick={() => test.mutate({ subject, body })}
                  data-testid="mail-send-test"
                >
                  <Icon name="send" className="size-4" />
                  {t('mail.editor.sendTest')}
                </Button>
                {texts?.override && (
                  <Button type="button" variant="ghost" onClick={() => setConfirming(true)} data-testid="mail-reset">
                    {t('mail.editor.reset')}
                  </Button>
                )}
              </div>
            </form>
          </CardBody>
        </Card>
        <Card data-testid="mail-preview">
          <CardHeader title={t('mail.editor.preview')} description={t('mail.editor.previewHint')} />
          <CardBody className="space-y-3">
            {preview.isError && <Alert tone="danger">{errorText(preview.error)}</Alert>}
            {preview.data && (
              <>
                {preview.data.unknownPlaceholders.length > 0 && (
                  <div data-testid="mail-unknown">
                    <Alert tone="warning">
                      {t('mail.editor.unknown', { names: preview.data.unknownPlaceholders.map((n) => `{{${n}}}`).join(', ') })}
                    </Alert>
                  </div>
                )}
                <dl className="space-y-1 text-sm">
                  <div className="flex gap-2">
                    <dt className="shrink-0 text-slate-500">{t('mail.editor.from')}</dt>
                    <dd className="min-w-0 break-all text-slate-800" dir="ltr" data-testid="mail-preview-from">
                      {preview.data.from}
                    </dd>
                  </div>
                  <div className="flex gap-2">
                    <dt className="shrink-0 text-slate-500">{t('mail.editor.subject')}</dt>
                    <dd className="min-w-0 font-medium break-words text-slate-900" dir="auto" data-testid="mail-preview-subject">
                      {preview.data.subject}
                    </dd>
                  </div>
                </dl>
                <MailPreviewFrame html={preview.data.html} title={t('mail.editor.previewTitle')} />
              </>
            )}
            {!preview.data && !preview.isError && <PageSpinner label={t('common.loading')} />}
          </CardBody>
        </Card>
      </div>
      <ConfirmModal
        open={confirming}
        title={t('mail.editor.resetTitle')}
        body={t('mail.editor.resetBody')}
        confirmLabel={t('mail.editor.resetConfirm')}
        danger
        loading={reset.isPending}
        error={reset.isError ? errorText(reset.error) : null}
        onConfirm={() =>
          reset.mutate(undefined, {
            onSuccess: () => {
              // The text in force is now the agency's or ours: the form follows it.
              const after = texts?.agency ?? texts?.default;
              setSubject(after?.subject ?? '');
              setBody(after?.body ?? '');
              setSaved(false);
              setConfirming(false);
            },
          })
        }
        onClose={() => setConfirming(false)}
      />
    </>
  );
}
