import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState, QueryView, TextField, buttonClasses } from '../../../../components/ui';
import { cn } from '../../../../lib/cn';
import { useConnections } from '../../../whatsapp';
import { ConnectionBadges, ConnectionStatusBadge } from '../../../whatsapp/components/ConnectionBadges';
import type { StepProps } from './types';

export function StepTitle({ title, hint }: { title: string; hint?: string }) {
  return (
    <div className="mb-5">
      <h2 className="text-lg font-semibold text-slate-900">{title}</h2>
      {hint && <p className="mt-1 text-sm text-slate-500">{hint}</p>}
    </div>
  );
}

export function NameStep({ form, update, fieldErrors }: StepProps) {
  const { t } = useTranslation();
  return (
    <div className="max-w-lg">
      <StepTitle title={t('campaigns.wizard.name.title')} hint={t('campaigns.wizard.name.hint')} />
      <TextField
        label={t('campaigns.wizard.name.label')}
        name="name"
        value={form.name}
        maxLength={120}
        autoFocus
        placeholder={t('campaigns.wizard.name.placeholder')}
        onChange={(e) => update({ name: e.target.value })}
        error={fieldErrors.name}
        data-testid="campaign-name"
      />
    </div>
  );
}

/** The numbers to send from: one or several (the campaign spreads its messages over them). */
export function NumberStep({ form, update, fieldErrors }: StepProps) {
  const { t } = useTranslation();
  const connections = useConnections();
  const toggle = (id: string, on: boolean) =>
    update({ connectionIds: on ? [...form.connectionIds.filter((x) => x !== id), id] : form.connectionIds.filter((x) => x !== id) });
  return (
    <div>
      <StepTitle title={t('campaigns.wizard.number.title')} hint={t('campaigns.wizard.number.hint')} />
      <QueryView
        query={connections}
        isEmpty={(list) => list.length === 0}
        empty={
          <EmptyState
            icon="phone"
            title={t('campaigns.wizard.number.none')}
            action={
              <Link to="/app/whatsapp" className={buttonClasses('outline')}>
                {t('nav.whatsapp')}
              </Link>
            }
          />
        }
      >
        {(list) => (
          <ul className="grid gap-3 sm:grid-cols-2" data-testid="number-options">
            {list.map((c) => {
              const on = form.connectionIds.includes(c.id);
              return (
                <li key={c.id}>
                  <label
                    className={cn(
                      'flex cursor-pointer items-start gap-3 rounded-xl border p-4 transition',
                      on ? 'border-primary-400 bg-primary-50/50 ring-2 ring-primary-500/15' : 'border-slate-200 hover:border-slate-300',
                    )}
                    data-testid="number-option"
                    data-connection-id={c.id}
                  >
                    <input type="checkbox" className="mt-1 size-4 rounded border-slate-300" checked={on} onChange={(e) => toggle(c.id, e.target.checked)} />
                    <span className="min-w-0 flex-1 space-y-1">
                      <span className="block truncate font-medium text-slate-900">
                        <bdi>{c.name}</bdi>
                      </span>
                      {c.displayPhoneNumber && (
                        <span className="block text-sm text-slate-500" dir="ltr">
                          {c.displayPhoneNumber}
                        </span>
                      )}
                      <span className="flex flex-wrap items-center gap-1.5">
                        <ConnectionStatusBadge status={c.status} />
                        <ConnectionBadges connection={c} />
                      </span>
                      {c.status !== 'connected' && c.status !== 'pending' && <span className="block text-xs text-danger-700">{t('campaigns.wizard.number.notConnected')}</span>}
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
        )}
      </QueryView>
      {form.connectionIds.length > 1 && <p className="mt-4 text-sm text-slate-500">{t('campaigns.wizard.number.several', { count: form.connectionIds.length })}</p>}
      {fieldErrors.connectionIds && <p className="mt-3 text-sm text-danger-600">{fieldErrors.connectionIds}</p>}
    </div>
  );
}
