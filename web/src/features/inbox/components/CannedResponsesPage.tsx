import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CannedResponse } from '../../../api/types';
import {
  Button, Card, CardHeader, ConfirmMutationModal, EmptyState, FormModal, Icon, QueryView, TBody, TD, TR, Table, TableHeader, TextAreaField, TextField,
} from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { mapFormError, NO_ERRORS } from '../../../lib/formErrors';
import { useCannedActions, useCannedResponses } from '../hooks/useInbox';
import { CANNED_VARIABLES, isShortcut } from '../settings';

function CannedModal({ item, onClose }: { item: CannedResponse | null; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { create, update } = useCannedActions();
  const [shortcut, setShortcut] = useState(item?.shortcut ?? '');
  const [title, setTitle] = useState(item?.title ?? '');
  const [content, setContent] = useState(item?.content ?? '');
  const [errors, setErrors] = useState(NO_ERRORS);
  const [selection, setSelection] = useState<[number, number] | null>(null);
  const mutation = item ? update : create;

  const close = () => {
    create.reset();
    update.reset();
    onClose();
  };

  const insertVariable = (name: string) => {
    const token = `{{${name}}}`;
    const [start, end] = selection ?? [content.length, content.length];
    setContent(content.slice(0, start) + token + content.slice(end));
    setSelection([start + token.length, start + token.length]);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const fields: Record<string, string> = {};
    if (!isShortcut(shortcut)) fields.shortcut = t('inboxSettings.canned.shortcutInvalid');
    if (!title.trim()) fields.title = t('inboxSettings.required');
    if (!content.trim()) fields.content = t('inboxSettings.required');
    if (Object.keys(fields).length > 0) {
      setErrors({ fields, message: null });
      return;
    }
    setErrors(NO_ERRORS);
    const body = { shortcut, title: title.trim(), content };
    const onError = (err: unknown) =>
      setErrors(mapFormError(err, ['shortcut', 'title', 'content'], { describe: errorText, codeFields: { shortcut_exists: 'shortcut' } }));
    if (item) update.mutate({ id: item.id, body }, { onSuccess: close, onError });
    else create.mutate(body, { onSuccess: close, onError });
  };

  return (
    <FormModal
      open
      onClose={close}
      title={item ? t('inboxSettings.canned.edit') : t('inboxSettings.canned.new')}
      description={t('inboxSettings.canned.modalHint', { example: '{{contact.name}}' })}
      formId="canned-form"
      onSubmit={submit}
      submitLabel={item ? t('common.save') : t('inboxSettings.canned.create')}
      submitting={mutation.isPending}
      submitTestId="canned-submit"
      testId="canned-modal"
      error={errors.message}
    >
      <TextField
        label={t('inboxSettings.canned.shortcut')}
        id="canned-shortcut"
        value={shortcut}
        onChange={(e) => setShortcut(e.target.value.toLowerCase().replace(/\s+/g, '-'))}
        error={errors.fields.shortcut}
        hint={t('inboxSettings.canned.shortcutHint')}
        dir="ltr"
        required
      />
      <TextField label={t('inboxSettings.canned.titleField')} id="canned-title" value={title} onChange={(e) => setTitle(e.target.value)} error={errors.fields.title} dir="auto" required />
      <TextAreaField
        onSelect={(e) => setSelection([e.currentTarget.selectionStart, e.currentTarget.selectionEnd])}
        label={t('inboxSettings.canned.content')}
        id="canned-content"
        value={content}
        onChange={(e) => setContent(e.target.value)}
        error={errors.fields.content}
        dir="auto"
        rows={5}
        required
      />
      <div>
        <p className="mb-1.5 text-xs font-medium text-slate-500">{t('inboxSettings.canned.variables')}</p>
        <div className="flex flex-wrap gap-1.5">
          {CANNED_VARIABLES.map((v) => (
            <button
              key={v}
              type="button"
              onClick={() => insertVariable(v)}
              className="rounded-md border border-slate-200 bg-slate-50 px-2 py-0.5 font-mono text-xs text-slate-700 hover:bg-slate-100"
              dir="ltr"
              data-testid="canned-variable"
            >
              {`{{${v}}}`}
            </button>
          ))}
        </div>
      </div>
    </FormModal>
  );
}

export function CannedResponsesPage() {
  const { t } = useTranslation();
  const canned = useCannedResponses();
  const { remove } = useCannedActions();
  const [editing, setEditing] = useState<CannedResponse | 'new' | null>(null);
  const [deleting, setDeleting] = useState<CannedResponse | null>(null);

  const add = (
    <Button onClick={() => setEditing('new')} data-testid="new-canned">
      <Icon name="plus" className="size-4" />
      {t('inboxSettings.canned.new')}
    </Button>
  );

  return (
    <Card>
      <CardHeader title={t('inboxSettings.canned.title')} description={t('inboxSettings.canned.subtitle')} actions={add} />
      <QueryView
        query={canned}
        isEmpty={(l) => l.length === 0}
        empty={<EmptyState icon="bolt" title={t('inboxSettings.canned.empty')} description={t('inboxSettings.canned.emptyBody')} />}
      >
        {(list) => (
          <Table data-testid="canned-table">
            <TableHeader columns={[t('inboxSettings.canned.shortcut'), t('inboxSettings.canned.titleField'), t('inboxSettings.canned.content')]} actions />
            <TBody>
              {list.map((c) => (
                <TR key={c.id} data-testid="canned-row" data-shortcut={c.shortcut}>
                  <TD>
                    <code className="rounded-md bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-primary-700" dir="ltr">
                      /{c.shortcut}
                    </code>
                  </TD>
                  <TD className="font-medium text-slate-900" dir="auto">
                    {c.title}
                  </TD>
                  <TD className="max-w-xs text-slate-500">
                    <span className="line-clamp-2" dir="auto">
                      {c.content}
                    </span>
                  </TD>
                  <TD className="text-end whitespace-nowrap">
                    <Button size="sm" variant="ghost" onClick={() => setEditing(c)} data-testid="edit-canned">
                      {t('inboxSettings.edit')}
                    </Button>
                    <Button size="sm" variant="ghost" className="text-danger-600 hover:bg-danger-50" onClick={() => setDeleting(c)} data-testid="delete-canned">
                      {t('inboxSettings.delete')}
                    </Button>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </QueryView>
      {editing && <CannedModal key={editing === 'new' ? 'new' : editing.id} item={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      <ConfirmMutationModal
        item={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        variables={(c) => c.id}
        title={t('inboxSettings.canned.deleteTitle')}
        body={t('inboxSettings.canned.deleteBody', { shortcut: deleting?.shortcut ?? '' })}
        confirmLabel={t('inboxSettings.delete')}
        danger
      />
    </Card>
  );
}
