import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, EmptyState, LoadMore, PageSpinner, SearchInput, Select, TBody, TD, TR, Table, TableHeader } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { useDebounce } from '../../../lib/useDebounce';
import { useAgents } from '../../inbox';
import { contactName, formatDay, formatMoney } from '../format';
import { useDealList } from '../hooks/useDeals';
import { DEAL_STATUSES, isDealStatus, PRIORITIES, type Deal, type DealFilters, type DealStatus, type Pipeline, type Priority } from '../types';
import { PriorityBadge } from './PriorityBadge';

interface Filters {
  stageId: string;
  status: DealStatus | '';
  ownerId: string;
  priority: Priority | '';
  overdue: boolean;
  q: string;
}

const EMPTY: Filters = { stageId: '', status: '', ownerId: '', priority: '', overdue: false, q: '' };

function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  const tone = status === 'won' ? 'bg-success-50 text-success-700' : status === 'lost' ? 'bg-slate-100 text-slate-600' : 'bg-primary-50 text-primary-700';
  return <span className={cn('inline-flex rounded-full px-2 py-0.5 text-xs font-medium', tone)}>{isDealStatus(status) ? t(`deals.status.${status}`) : status}</span>;
}

/** The pipeline's deals as a filterable table (cards on phones). */
export function DealList({ pipeline, onOpen }: { pipeline: Pipeline; onOpen: (deal: Deal) => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const agents = useAgents();
  const [f, setF] = useState<Filters>(EMPTY);
  const q = useDebounce(f.q.trim(), 300);
  const filters: DealFilters = {
    pipelineId: pipeline.id,
    stageId: f.stageId || undefined,
    status: f.status || undefined,
    ownerId: f.ownerId || undefined,
    priority: f.priority || undefined,
    overdue: f.overdue || undefined,
    q: q || undefined,
    limit: 50,
  };
  const list = useDealList(filters);
  const deals = list.data?.pages.flatMap((p) => p.items) ?? [];
  const stageName = (id: string) => pipeline.stages.find((s) => s.id === id)?.name ?? '—';
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => setF((v) => ({ ...v, [key]: value }));
  const filtered = JSON.stringify({ ...f, q: '' }) !== JSON.stringify({ ...EMPTY, q: '' }) || q !== '';

  return (
    <Card>
      <div className="grid gap-2 border-b border-slate-100 p-4 sm:grid-cols-2 lg:grid-cols-[minmax(12rem,1fr)_repeat(4,minmax(0,10rem))_auto]" data-testid="deal-filters">
        <SearchInput value={f.q} onChange={(v) => set('q', v)} label={t('deals.list.search')} testId="deal-search" />
        <Select controlSize="md" value={f.stageId} onChange={(e) => set('stageId', e.target.value)} aria-label={t('deals.fields.stage')} data-testid="filter-stage">
          <option value="">{t('deals.list.allStages')}</option>
          {pipeline.stages.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
        <Select value={f.status} onChange={(e) => set('status', e.target.value as DealStatus | '')} aria-label={t('deals.fields.status')} data-testid="filter-status">
          <option value="">{t('deals.list.allStatuses')}</option>
          {DEAL_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`deals.status.${s}`)}
            </option>
          ))}
        </Select>
        <Select value={f.ownerId} onChange={(e) => set('ownerId', e.target.value)} aria-label={t('deals.fields.owner')} data-testid="filter-owner">
          <option value="">{t('deals.list.allOwners')}</option>
          {(agents.data ?? []).map((a) => (
            <option key={a.userId} value={a.userId}>
              {a.name}
            </option>
          ))}
        </Select>
        <Select value={f.priority} onChange={(e) => set('priority', e.target.value as Priority | '')} aria-label={t('deals.fields.priority')} data-testid="filter-priority">
          <option value="">{t('deals.list.allPriorities')}</option>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`deals.priority.${p}`)}
            </option>
          ))}
        </Select>
        <label className="flex h-10 items-center gap-2 text-sm whitespace-nowrap text-slate-700">
          <input type="checkbox" className="size-4 rounded border-slate-300 text-primary-600" checked={f.overdue} onChange={(e) => set('overdue', e.target.checked)} data-testid="filter-overdue" />
          {t('deals.list.overdueOnly')}
        </label>
      </div>
      {list.isPending ? (
        <PageSpinner label={t('common.loading')} />
      ) : list.isError ? (
        <div className="p-5">
          <Alert tone="danger">{errorText(list.error)}</Alert>
        </div>
      ) : deals.length === 0 ? (
        <EmptyState
          icon="chart"
          title={filtered ? t('deals.list.noMatch') : t('deals.list.empty')}
          action={
            filtered ? (
              <Button variant="outline" onClick={() => setF(EMPTY)}>
                {t('deals.list.clear')}
              </Button>
            ) : undefined
          }
        />
      ) : (
        <>
          <div className="hidden md:block">
            <Table data-testid="deal-table">
              <TableHeader
                columns={[t('deals.fields.title'), t('deals.fields.contact'), t('deals.fields.stage'), t('deals.fields.value'), t('deals.fields.priority'), t('deals.fields.owner'), t('deals.fields.expectedCloseDate')]}
              />
              <TBody>
                {deals.map((d) => (
                  <TR key={d.id} className="cursor-pointer" onClick={() => onOpen(d)} data-testid="deal-row" data-deal-id={d.id}>
                    <TD className="font-medium text-slate-900">
                      <button type="button" className="text-start hover:text-primary-700 focus-visible:outline-2 focus-visible:outline-primary-500" onClick={(e) => { e.stopPropagation(); onOpen(d); }}>
                        <span dir="auto">{d.title}</span>
                      </button>
                      {d.status !== 'open' && (
                        <span className="ms-2">
                          <StatusBadge status={d.status} />
                        </span>
                      )}
                    </TD>
                    <TD dir="auto">{contactName({ name: d.contactName, phone: d.contactPhone })}</TD>
                    <TD>{stageName(d.stageId)}</TD>
                    <TD className="tabular-nums" dir="ltr">
                      {formatMoney(d.value, d.currency, i18n.language)}
                    </TD>
                    <TD>
                      <PriorityBadge priority={d.priority} />
                    </TD>
                    <TD>{d.ownerName ?? '—'}</TD>
                    <TD className={d.overdue ? 'font-medium text-danger-600' : undefined}>{formatDay(d.expectedCloseDate, i18n.language)}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          </div>
          <ul className="divide-y divide-slate-100 md:hidden" data-testid="deal-cards">
            {deals.map((d) => (
              <li key={d.id}>
                <button type="button" className="block w-full px-4 py-3 text-start hover:bg-slate-50" onClick={() => onOpen(d)} data-testid="deal-row" data-deal-id={d.id}>
                  <span className="flex items-start justify-between gap-2">
                    <span className="min-w-0 font-medium text-slate-900" dir="auto">
                      {d.title}
                    </span>
                    <PriorityBadge priority={d.priority} />
                  </span>
                  <span className="mt-0.5 block truncate text-xs text-slate-500" dir="auto">
                    {contactName({ name: d.contactName, phone: d.contactPhone })} · {stageName(d.stageId)}
                  </span>
                  <span className="mt-1 flex items-center justify-between gap-2 text-xs">
                    <span className="font-medium text-slate-800 tabular-nums" dir="ltr">
                      {formatMoney(d.value, d.currency, i18n.language)}
                    </span>
                    <span className={d.overdue ? 'font-medium text-danger-600' : 'text-slate-500'}>{formatDay(d.expectedCloseDate, i18n.language)}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
          <LoadMore pages={list} label={t('deals.list.more')} />
        </>
      )}
    </Card>
  );
}
