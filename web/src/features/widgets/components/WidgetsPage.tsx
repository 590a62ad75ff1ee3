//! Settings → Website widget: the workspace's widgets (one per site) with their domains and on/off switch, and the
//! dialog that creates one; a new widget opens on its settings page with its identity secret shown once.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { Badge, Button, Card, EmptyState, FormModal, Icon, PageHeader, QueryView, Switch, TextAreaField, TextField } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { useWidgetActions, useWidgets } from '../hooks';
import { parseDomains } from '../settings';
import type { Widget } from '../types';
import { rememberSecret } from './secret';

function WidgetRow({ widget }: { widget: Widget }) {
  const { t } = useTranslation();
  const { update } = useWidgetActions();
  return (
    <li className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between sm:p-5" data-testid="widget-row" data-id={widget.id}>
      <div className="min-w-0 space-y-1">
        <Link to={widget.id} className="font-medium text-primary-700 hover:underline" data-testid="widget-open">
          <bdi>{widget.name}</bdi>
        </Link>
        <p className="flex flex-wrap gap-1.5 text-sm text-slate-600" dir="ltr">
          {widget.allowedDomains.length === 0 ? (
            <span className="text-warning-800">{t('widgets.noDomains')}</span>
          ) : (
            widget.allowedDomains.map((d) => (
              <Badge key={d} tone="neutral">
                {d}
              </Badge>
            ))
          )}
        </p>
      </div>
      <div className="flex shrink-0 items-center gap-3">
        <span className="text-xs text-slate-500">{widget.enabled ? t('widgets.on') : t('widgets.off')}</span>
        <Switch
          testId="widget-enabled"
          on={widget.enabled}
          busy={update.isPending}
          label={t('widgets.enabledLabel', { name: widget.name })}
          onChange={(on) => update.mutate({ id: widget.id, body: { enabled: on } })}
        />
        <Link to={widget.id} className="inline-flex items-center gap-1.5 rounded-lg border border-slate-200 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50">
          <Icon name="pencil" className="size-4" />
          {t('widgets.edit')}
        </Link>
      </div>
    </li>
  );
}

function CreateWidgetModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const { create } = useWidgetActions();
  const [name, setName] = useState('');
  const [domains, setDomains] = useState('');
  return (
    <FormModal
      open={open}
      onClose={onClose}
      title={t('widgets.create.title')}
      description={t('widgets.create.description')}
      testId="widget-create"
      formId="widget-create-form"
      submitLabel={t('widgets.create.submit')}
      submitting={create.isPending}
      error={create.error ? errorText(create.error) : null}
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(
          { name: name.trim(), allowedDomains: parseDomains(domains) },
          {
            onSuccess: (w) => {
              if (w.identitySecret) rememberSecret(w.id, w.identitySecret);
              onClose();
              navigate(w.id);
            },
          },
        );
      }}
    >
      <TextField name="name" label={t('widgets.fields.name')} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
      <TextAreaField
        name="domains"
        label={t('widgets.fields.domains')}
        hint={t('widgets.fields.domainsHint')}
        value={domains}
        onChange={(e) => setDomains(e.target.value)}
        rows={3}
        dir="ltr"
      />
    </FormModal>
  );
}

export function WidgetsPage() {
  const { t } = useTranslation();
  const widgets = useWidgets();
  const [creating, setCreating] = useState(false);
  const add = (
    <Button onClick={() => setCreating(true)} data-testid="widget-new">
      <Icon name="plus" className="size-4" />
      {t('widgets.new')}
    </Button>
  );
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader title={t('widgets.title')} description={t('widgets.description')} actions={add} />
      <QueryView query={widgets}>
        {(list) =>
          list.length === 0 ? (
            <Card>
              <EmptyState icon="chat" title={t('widgets.empty.title')} description={t('widgets.empty.description')} action={add} />
            </Card>
          ) : (
            <Card>
              <ul className="divide-y divide-slate-100">
                {list.map((w) => (
                  <WidgetRow key={w.id} widget={w} />
                ))}
              </ul>
            </Card>
          )
        }
      </QueryView>
      {creating && <CreateWidgetModal open onClose={() => setCreating(false)} />}
    </div>
  );
}
