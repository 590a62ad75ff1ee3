import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation, Template } from '../../../api/types';
import { Alert, Button, Icon, Input, Select, Spinner } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { useTemplates } from '../../whatsapp';
import { useConversationActions } from '../hooks/useConversations';
import { fillTemplate, templateBody, templateComponents, templateVariables } from '../templates';

const keyOf = (t: Pick<Template, 'name' | 'language'>) => `${t.name}|${t.language}`;

/** Outside the 24-hour window WhatsApp accepts only approved templates: pick one, fill its variables, send. */
export function TemplatePicker({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const templates = useTemplates(conversation.connectionId);
  const { send } = useConversationActions(conversation.id);
  const [chosen, setChosen] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});

  const approved = (templates.data ?? []).filter((tpl) => tpl.status.toUpperCase() === 'APPROVED');
  const template = approved.find((tpl) => keyOf(tpl) === chosen) ?? approved[0];
  const variables = template ? templateVariables(template) : [];
  const body = template ? templateBody(template) : null;
  const complete = variables.every((v) => values[v]?.trim());

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!template || !complete) return;
    const components = templateComponents(variables, values);
    send.mutate(
      {
        conversationId: conversation.id,
        input: { type: 'template', template: { name: template.name, language: template.language, ...(components ? { components } : {}) } },
      },
      { onSuccess: () => setValues({}) },
    );
  };

  return (
    <form onSubmit={submit} className="space-y-3 bg-white px-3 pt-2 pb-3 sm:px-4" data-testid="template-picker">
      <Alert tone="warning" title={t('conversations.window.closedTitle')}>
        {t('conversations.window.closedBody')}
      </Alert>
      {templates.isPending ? (
        <Spinner className="text-primary-500" label={t('common.loading')} />
      ) : templates.isError ? (
        <Alert tone="danger">{errorText(templates.error)}</Alert>
      ) : !template ? (
        <p className="text-sm text-slate-500" data-testid="no-templates">{t('conversations.templates.none')}</p>
      ) : (
        <>
          <div className="flex flex-col gap-2 sm:flex-row">
            <Select
              value={keyOf(template)}
              onChange={(e) => {
                setChosen(e.target.value);
                setValues({});
              }}
              aria-label={t('conversations.templates.choose')}
              className="sm:flex-1"
              data-testid="template-select"
            >
              {approved.map((tpl) => (
                <option key={tpl.id} value={keyOf(tpl)}>
                  {tpl.name} ({tpl.language})
                </option>
              ))}
            </Select>
            <Button type="submit" loading={send.isPending} disabled={!complete} data-testid="send-template">
              <Icon name="send" className="size-4 rtl:-scale-x-100" />
              {t('conversations.templates.send')}
            </Button>
          </div>
          {variables.length > 0 && (
            <div className="grid gap-2 sm:grid-cols-2">
              {variables.map((v) => (
                <Input
                  key={v}
                  value={values[v] ?? ''}
                  onChange={(e) => setValues((old) => ({ ...old, [v]: e.target.value }))}
                  placeholder={t('conversations.templates.variable', { name: v })}
                  aria-label={t('conversations.templates.variable', { name: v })}
                  dir="auto"
                />
              ))}
            </div>
          )}
          {body && (
            <p className="rounded-xl bg-slate-50 px-3 py-2 text-sm whitespace-pre-wrap text-slate-700" dir="auto" data-testid="template-preview">
              {fillTemplate(body, values)}
            </p>
          )}
        </>
      )}
      {send.isError && <Alert tone="danger">{errorText(send.error)}</Alert>}
    </form>
  );
}
