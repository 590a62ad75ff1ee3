//! `/app/automations/:id/runs`: every look the rule took at an event or a timer, newest first: when, the contact and
//! conversation, the outcome, and each action's result with the reason of a failure; filtered by outcome, older
//! runs by cursor. Cards, so it reads the same on a phone.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Alert, buttonClasses, Card, EmptyState, Icon, LoadMore, PageHeader, QueryView, Select } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { formatDateTime } from '../../../lib/format';
import { useAutomation, useContactNames, useRuns } from '../hooks';
import { RUN_STATUSES, type AutomationRun, type RunStatus } from '../types';
import { BackToRules, RunStatusBadge } from './parts';
import { useTranslate } from './useRuleText';

const isStatus = (v: string): v is RunStatus => (RUN_STATUSES as readonly string[]).includes(v);

function RunCard({ run, contactName }: { run: AutomationRun; contactName: string | undefined }) {
  const { t, i18n } = useTranslation();
  const tr = useTranslate();
  return (
    <li className="space-y-2 p-4" data-testid="run-row" data-status={run.status} data-id={run.id}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <RunStatusBadge status={run.status} />
          <time className="text-sm text-slate-600 tabular-nums" dateTime={run.at} data-testid="run-time">
            {formatDateTime(run.at, i18n.language)}
          </time>
        </div>
        <code className="font-mono text-xs text-slate-500" dir="ltr">
          {run.eventKind}
        </code>
      </div>
      <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {run.contactId ? (
          <Link to={`/app/contacts/${run.contactId}`} className="text-primary-700 hover:underline" data-testid="run-contact">
            <Icon name="user" className="me-1 inline size-4 align-text-bottom" />
            <bdi>{contactName ?? t('automations.runs.contact')}</bdi>
          </Link>
        ) : (
          <span className="text-slate-500">{t('automations.runs.noContact')}</span>
        )}
        {run.conversationId && (
          <Link to={`/app/conversations/${run.conversationId}`} className="text-primary-700 hover:underline" data-testid="run-conversation">
            <Icon name="chat" className="me-1 inline size-4 align-text-bottom" />
            {t('automations.runs.conversation')}
          </Link>
        )}
      </p>
      {run.error && (
        <p className="text-sm break-words text-danger-700" data-testid="run-error">
          {run.error}
        </p>
      )}
      {run.actions.length > 0 && (
        <ul className="flex flex-wrap gap-1.5" aria-label={t('automations.runs.actions')}>
          {run.actions.map((a, i) => (
            <li
              key={i}
              className={cn('max-w-full rounded-lg px-2 py-1 text-xs break-words', a.ok ? 'bg-success-50 text-success-800' : 'bg-danger-50 text-danger-800')}
              data-testid="run-action"
              data-ok={a.ok}
              data-type={a.type}
            >
              {a.ok ? '✓ ' : '✕ '}
              {tr(`automations.actionTypes.${a.type}`)}
              {a.error ? `: ${a.error}` : ''}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

export function RunsRoute() {
  const { t } = useTranslation();
  const tr = useTranslate();
  const errorText = useErrorText();
  const { id = '' } = useParams();
  const rule = useAutomation(id);
  const [status, setStatus] = useState<RunStatus | null>(null);
  const pages = useRuns(id, status);
  const runs = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const contactIds = [...new Set(runs.flatMap((r) => (r.contactId ? [r.contactId] : [])))];
  const names = useContactNames(contactIds);
  return (
    <div className="mx-auto max-w-3xl" data-testid="runs-page">
      <BackToRules />
      <PageHeader
        title={t('automations.runs.title')}
        description={rule.data ? t('automations.runs.subtitle', { name: rule.data.name }) : undefined}
        actions={
          <Link to={`/app/automations/${id}`} className={buttonClasses('outline', 'md')}>
            <Icon name="pencil" className="size-4" />
            {t('automations.runs.edit')}
          </Link>
        }
      />
      {rule.isError && <Alert tone="danger" className="mb-4">{errorText(rule.error)}</Alert>}
      <Card className="overflow-hidden">
        <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-3">
          <label className="flex items-center gap-2 text-sm text-slate-600">
            <span>{t('automations.runs.filter')}</span>
            <Select controlSize="sm" className="w-auto" value={status ?? ''} onChange={(e) => setStatus(isStatus(e.target.value) ? e.target.value : null)} data-testid="run-filter">
              <option value="">{t('automations.runs.all')}</option>
              {RUN_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {tr(`automations.runs.statuses.${s}`)}
                </option>
              ))}
            </Select>
          </label>
        </div>
        <QueryView
          query={pages}
          isEmpty={(d) => d.pages.every((p) => p.items.length === 0)}
          empty={<EmptyState icon="list" title={status ? t('automations.runs.noneInStatus') : t('automations.runs.empty')} description={t('automations.runs.emptyHint')} />}
        >
          {() => (
            <>
              <ul className="divide-y divide-slate-100" data-testid="runs-list">
                {runs.map((r) => (
                  <RunCard key={r.id} run={r} contactName={r.contactId ? names[r.contactId] : undefined} />
                ))}
              </ul>
              <LoadMore pages={pages} label={t('automations.runs.older')} />
            </>
          )}
        </QueryView>
      </Card>
    </div>
  );
}
