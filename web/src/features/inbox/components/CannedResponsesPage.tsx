import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CannedResponse } from '../../../api/types';
import { FormModal, TBody, TD, TR, Table, TableHeader, TextAreaField, TextField } from '../../../components/ui';
import { useCannedActions, useCannedResponses } from '../hooks/useInbox';
import { useItemForm } from '../hooks/useItemForm';
import { CANNED_VARIABLES, isShortcut } from '../settings';
import { SettingsListCard } from './SettingsListCard';

function CannedModal({ item, onClose }: { item: CannedResponse | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { errors, submitting, close, save } = useItemForm({
    item,
    actions: useCannedActions(),
    onClose,
    fields: ['shortcut', 'title', 'content'],
    codeFields: { shortcut_exists: 'shortcut' },
  });
  const [shortcut, setShortcut] = useState(item?.shortcut ?? '');
  const [title, setTitle] = useState(item?.title ?? '');
  const [content, setContent] = useState(item?.content ?? '');
  const [selection, setSelection] = useState<[number, number] | null>(null);

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
    save(fields, { shortcut, title: title.trim(), content });
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
      submitting={submitting}
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

  return (
    <SettingsListCard
      entity="canned"
      title={t('inboxSettings.canned.title')}
      description={t('inboxSettings.canned.subtitle')}
      newLabel={t('inboxSettings.canned.new')}
      empty={{ icon: 'bolt', title: t('inboxSettings.canned.empty'), description: t('inboxSettings.canned.emptyBody') }}
      query={canned}
      remove={remove}
      deleteTitle={t('inboxSettings.canned.deleteTitle')}
      deleteBody={(c) => t('inboxSettings.canned.deleteBody', { shortcut: c.shortcut })}
      editor={CannedModal}
    >
      {(list, rowActions) => (
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
                <TD className="text-end whitespace-nowrap">{rowActions(c)}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </SettingsListCard>
  );
}
