import type { UseQueryResult } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Template } from '../../../../api/types';
import { Badge, EmptyState, QueryView, SearchInput } from '../../../../components/ui';
import { cn } from '../../../../lib/cn';
import { alignVariables } from '../../form';
import { chosenTemplate } from '../../template';
import { TemplatePreview } from '../TemplatePreview';
import { StepTitle } from './BasicsSteps';
import { usePreviewValues } from './previewValues';
import type { StepProps } from './types';

/** The approved templates of the (first) chosen number, and how the chosen one reaches the customer. */
export function TemplateStep({ form, update, template, templates }: StepProps & { templates: UseQueryResult<Template[]> }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const values = usePreviewValues(form.variables);
  const approved = useMemo(() => (templates.data ?? []).filter((x) => x.status.toUpperCase() === 'APPROVED'), [templates.data]);
  const others = (templates.data?.length ?? 0) - approved.length;
  const shown = approved.filter((x) => x.name.toLowerCase().includes(q.trim().toLowerCase()));

  const choose = (x: Template) => {
    const chosen = chosenTemplate(x);
    update({ templateId: x.id, variables: alignVariables(chosen?.slots ?? [], form.variables) });
  };

  return (
    <div>
      <StepTitle title={t('campaigns.wizard.template.title')} hint={t('campaigns.wizard.template.hint')} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-3">
          {approved.length > 6 && <SearchInput value={q} onChange={setQ} label={t('campaigns.wizard.template.search')} />}
          <QueryView
            query={templates}
            isEmpty={() => approved.length === 0}
            empty={<EmptyState icon="file" title={t('campaigns.wizard.template.none')} description={t('campaigns.wizard.template.noneHint')} />}
          >
            {() => (
              <ul className="space-y-2" role="radiogroup" aria-label={t('campaigns.wizard.template.title')} data-testid="template-options">
                {shown.map((x) => {
                  const on = x.id === form.templateId;
                  const parts = chosenTemplate(x);
                  return (
                    <li key={x.id}>
                      <label
                        className={cn(
                          'flex cursor-pointer items-start gap-3 rounded-xl border p-3 transition',
                          on ? 'border-primary-400 bg-primary-50/50 ring-2 ring-primary-500/15' : 'border-slate-200 hover:border-slate-300',
                        )}
                        data-testid="template-option"
                        data-template={x.name}
                      >
                        <input type="radio" name="template" className="mt-1 size-4" checked={on} onChange={() => choose(x)} />
                        <span className="min-w-0 flex-1">
                          <span className="flex flex-wrap items-center gap-2">
                            <span className="font-mono text-sm font-medium text-slate-900" dir="ltr">
                              {x.name}
                            </span>
                            <Badge tone="neutral">{x.language}</Badge>
                            {x.category && <Badge tone={x.category.toUpperCase() === 'MARKETING' ? 'accent' : 'primary'}>{x.category.toUpperCase()}</Badge>}
                            {parts?.media && <Badge tone="secondary">{t(`campaigns.preview.media.${parts.media}`)}</Badge>}
                          </span>
                          <span className="mt-1 line-clamp-2 block text-sm text-slate-500" dir="auto">
                            {parts?.parts.body}
                          </span>
                        </span>
                      </label>
                    </li>
                  );
                })}
              </ul>
            )}
          </QueryView>
          {others > 0 && <p className="text-xs text-slate-500">{t('campaigns.wizard.template.notApproved', { count: others })}</p>}
        </div>
        <div className="lg:sticky lg:top-4 lg:self-start">
          <p className="mb-2 text-sm font-medium text-slate-700">{t('campaigns.preview.title')}</p>
          {template ? (
            <TemplatePreview parts={template.parts} values={values} mediaUrl={form.headerMediaUrl || null} />
          ) : (
            <div className="rounded-2xl border border-dashed border-slate-200 p-6 text-center text-sm text-slate-500">{t('campaigns.wizard.template.pick')}</div>
          )}
        </div>
      </div>
    </div>
  );
}
