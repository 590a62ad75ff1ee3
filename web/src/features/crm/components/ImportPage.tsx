import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  Alert,
  Badge,
  Button,
  Card,
  CardBody,
  CardHeader,
  EmptyState,
  Field,
  Icon,
  QueryView,
  Select,
  SelectField,
  Spinner,
  TBody,
  TD,
  TR,
  Table,
  TableHeader,
  TextField,
  type BadgeTone,
} from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { formatBytes, formatDateTime, formatNumber } from '../../../lib/format';
import { useLabels } from '../../inbox';
import { useRealtimeEvents } from '../../realtime';
import { crmApi } from '../api';
import { crmKeys, useContactFields, useCrmErrorText } from '../hooks';
import { IMPORT_COUNTRIES, importTargets, mappingProblems, isFinished } from '../imports';
import { isImportStatus, type ContactImport, type DuplicatePolicy, type ImportStatus } from '../types';
import { LabelToggles } from './LabelToggles';

const MAX_BYTES = 50 * 1024 * 1024;
const POLL_MS = 3000;

const STATUS_TONES: Record<ImportStatus, BadgeTone> = { draft: 'neutral', queued: 'accent', running: 'primary', done: 'success', failed: 'danger' };

function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge tone={isImportStatus(status) ? STATUS_TONES[status] : 'neutral'} dot>
      {isImportStatus(status) ? t(`imports.status.${status}`) : status}
    </Badge>
  );
}

function UploadStep({ onUploaded }: { onUploaded: (imp: ContactImport) => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useCrmErrorText();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [tooBig, setTooBig] = useState(false);
  const upload = useMutation({ mutationFn: crmApi.upload, onSuccess: onUploaded });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file && !tooBig) upload.mutate(file);
  };
  return (
    <Card data-testid="import-upload">
      <CardHeader title={t('imports.step1')} description={t('imports.step1Body')} />
      <CardBody>
        <form onSubmit={submit} className="space-y-4">
          <label
            htmlFor="import-file"
            className="flex cursor-pointer flex-col items-center justify-center gap-2 rounded-2xl border-2 border-dashed border-slate-200 px-4 py-10 text-center transition hover:border-primary-300 hover:bg-primary-50/30"
          >
            <Icon name="file" className="size-8 text-primary-500" />
            <span className="text-sm font-medium text-slate-800">{file ? file.name : t('imports.chooseFile')}</span>
            <span className="text-xs text-slate-500">{file ? formatBytes(file.size, i18n.language) : t('imports.fileHint')}</span>
            <input
              ref={input}
              id="import-file"
              type="file"
              accept=".csv,text/csv,.tsv,text/tab-separated-values"
              className="sr-only"
              onChange={(e) => {
                const f = e.target.files?.[0] ?? null;
                setFile(f);
                setTooBig(Boolean(f && f.size > MAX_BYTES));
                upload.reset();
              }}
              data-testid="import-file"
            />
          </label>
          {tooBig && <Alert tone="danger">{t('imports.tooBig')}</Alert>}
          {upload.isError && <Alert tone="danger">{errorText(upload.error)}</Alert>}
          <div className="flex justify-end">
            <Button type="submit" disabled={!file || tooBig} loading={upload.isPending} data-testid="import-upload-submit">
              {t('imports.upload')}
            </Button>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}

function MappingStep({ draft, onStarted, onCancel }: { draft: ContactImport; onStarted: (imp: ContactImport) => void; onCancel: () => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useCrmErrorText();
  const fields = useContactFields().data ?? [];
  const labels = useLabels().data ?? [];
  const [mapping, setMapping] = useState<Record<string, string>>(() => Object.fromEntries(draft.headers.map((h) => [h, draft.mapping[h] ?? 'skip'])));
  const [country, setCountry] = useState('');
  const [duplicates, setDuplicates] = useState<DuplicatePolicy>('skip');
  const [labelIds, setLabelIds] = useState<string[]>([]);
  const [consent, setConsent] = useState<'opted_in' | 'unknown'>('unknown');
  const [basis, setBasis] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [tried, setTried] = useState(false);
  const start = useMutation({ mutationFn: crmApi.startImport, onSuccess: onStarted });

  const targets = importTargets(fields);
  const problems = mappingProblems(mapping);
  const basisMissing = consent === 'opted_in' && basis.trim() === '';
  const regions = useMemo(() => {
    const names = new Intl.DisplayNames([i18n.language], { type: 'region' });
    return IMPORT_COUNTRIES.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) => a.name.localeCompare(b.name, i18n.language));
  }, [i18n.language]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (problems.length > 0 || !confirmed || basisMissing) return;
    start.mutate({
      id: draft.id,
      body: { mapping, defaultCountry: country || null, duplicates, labelIds, consent: { status: consent, basis: basis.trim() } },
    });
  };

  const targetLabel = (target: string) => {
    if (target.startsWith('field.')) return fields.find((f) => `field.${f.key}` === target)?.label ?? target;
    return t(`imports.targets.${target as 'skip'}`);
  };

  return (
    <form onSubmit={submit} className="space-y-6" noValidate data-testid="import-mapping">
      <Card>
        <CardHeader
          title={t('imports.step2')}
          description={t('imports.fileSummary', { file: draft.fileName, count: draft.rowCount, formatted: formatNumber(draft.rowCount, i18n.language) })}
        />
        <Table>
          <TableHeader columns={[t('imports.column'), t('imports.sample'), t('imports.target')]} />
          <TBody>
            {draft.headers.map((h, i) => (
              <TR key={`${h}-${i}`} data-testid="mapping-row">
                <TD className="font-medium text-slate-900" dir="auto">
                  {h}
                </TD>
                <TD className="max-w-[14rem] truncate text-xs text-slate-500" dir="auto">
                  {draft.sample
                    .slice(0, 3)
                    .map((row) => row[i] ?? '')
                    .filter(Boolean)
                    .join(' · ') || '—'}
                </TD>
                <TD className="w-56">
                  <Select
                    controlSize="sm"
                    value={mapping[h] ?? 'skip'}
                    onChange={(e) => setMapping((m) => ({ ...m, [h]: e.target.value }))}
                    aria-label={t('imports.targetFor', { column: h })}
                    invalid={tried && mapping[h] !== 'skip' && problems.some((p) => p.target === mapping[h])}
                    data-testid="mapping-target"
                  >
                    {targets.map((target) => (
                      <option key={target} value={target}>
                        {targetLabel(target)}
                      </option>
                    ))}
                  </Select>
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
        {tried && problems.length > 0 && (
          <div className="border-t border-slate-100 p-4" data-testid="mapping-problems">
            <Alert tone="danger">
              {problems.map((p) => (
                <p key={`${p.kind}-${p.target}`}>{p.kind === 'no_phone' ? t('imports.noPhone') : t('imports.duplicateTarget', { target: targetLabel(p.target) })}</p>
              ))}
            </Alert>
          </div>
        )}
      </Card>

      <Card>
        <CardHeader title={t('imports.preview')} />
        <div className="overflow-x-auto">
          <table className="w-full min-w-[36rem] text-xs" data-testid="import-preview">
            <thead className="bg-slate-50/70">
              <tr>
                {draft.headers.map((h, i) => (
                  <th key={i} scope="col" className="border-b border-slate-100 px-3 py-2 text-start font-semibold text-slate-600" dir="auto">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {draft.sample.slice(0, 5).map((row, r) => (
                <tr key={r}>
                  {draft.headers.map((_, i) => (
                    <td key={i} className="max-w-[12rem] truncate px-3 py-2 text-slate-700" dir="auto">
                      {row[i] ?? ''}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>

      <Card>
        <CardHeader title={t('imports.options')} />
        <CardBody className="space-y-5">
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField label={t('imports.defaultCountry')} id="import-country" value={country} onChange={(e) => setCountry(e.target.value)} hint={t('imports.defaultCountryHint')}>
              <option value="">{t('imports.noCountry')}</option>
              {regions.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.name}
                </option>
              ))}
            </SelectField>
          </div>
          <fieldset className="space-y-2">
            <legend className="mb-1.5 text-sm font-medium text-slate-700">{t('imports.duplicates')}</legend>
            {(['skip', 'fill', 'overwrite'] as const).map((d) => (
              <label key={d} className="flex items-start gap-2.5 text-sm text-slate-700">
                <input type="radio" name="duplicates" value={d} checked={duplicates === d} onChange={() => setDuplicates(d)} className="mt-0.5 size-4 accent-primary-600" data-testid={`duplicates-${d}`} />
                <span>
                  <span className="font-medium">{t(`imports.duplicatesOptions.${d}`)}</span>
                  <span className="block text-xs text-slate-500">{t(`imports.duplicatesHints.${d}`)}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <Field label={t('imports.addLabels')} htmlFor="import-labels">
            <div id="import-labels">
              <LabelToggles labels={labels} selected={labelIds} onChange={setLabelIds} />
            </div>
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField label={t('imports.consent')} id="import-consent" value={consent} onChange={(e) => setConsent(e.target.value as 'opted_in' | 'unknown')}>
              <option value="unknown">{t('contacts.consent.unknown')}</option>
              <option value="opted_in">{t('contacts.consent.opted_in')}</option>
            </SelectField>
            <TextField
              label={t('imports.basis')}
              id="import-basis"
              dir="auto"
              value={basis}
              onChange={(e) => setBasis(e.target.value)}
              placeholder={t('imports.basisPlaceholder')}
              error={tried && basisMissing ? t('imports.basisRequired') : undefined}
            />
          </div>
          <div>
            <label className="flex items-start gap-2.5 text-sm text-slate-700">
              <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} className="mt-0.5 size-4 accent-primary-600" data-testid="import-confirm" />
              <span>{t('imports.confirm')}</span>
            </label>
            {tried && !confirmed && <p className="mt-1 text-sm text-danger-600">{t('imports.confirmRequired')}</p>}
          </div>
          {start.isError && <Alert tone="danger">{errorText(start.error)}</Alert>}
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button variant="outline" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={start.isPending} data-testid="import-start">
              {t('imports.start', { count: draft.rowCount, formatted: formatNumber(draft.rowCount, i18n.language) })}
            </Button>
          </div>
        </CardBody>
      </Card>
    </form>
  );
}

/** Live progress: the socket's `import:progress` for this import, and a poll every 3 s in case the socket is down. */
function ProgressStep({ importId, basePath, onAnother }: { importId: string; basePath: string; onAnother: () => void }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const errorText = useCrmErrorText();
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const query = useQuery({
    queryKey: crmKeys.importOne(importId),
    queryFn: () => crmApi.importOne(importId),
    refetchInterval: (q) => (q.state.data && isFinished(q.state.data.status) ? false : POLL_MS),
  });

  useRealtimeEvents((event) => {
    if (event.name !== 'import:progress' || event.data.importId !== importId) return;
    const { eventId: _eventId, ...progress } = event.data;
    qc.setQueryData<ContactImport>(crmKeys.importOne(importId), (old) => (old ? { ...old, ...progress } : old));
    if (isFinished(progress.status)) {
      void qc.invalidateQueries({ queryKey: crmKeys.imports });
      void qc.invalidateQueries({ queryKey: crmKeys.contacts });
      void qc.invalidateQueries({ queryKey: crmKeys.importOne(importId) });
    }
  });

  const n = (v: number) => formatNumber(v, i18n.language);

  return (
    <Card data-testid="import-progress">
      <CardHeader title={t('imports.step3')} />
      <CardBody>
        <QueryView query={query}>
          {(imp) => {
            const pct = imp.rowCount > 0 ? Math.min(100, Math.round((imp.processed / imp.rowCount) * 100)) : imp.status === 'done' ? 100 : 0;
            const finished = isFinished(imp.status);
            return (
              <div className="space-y-5">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <p className="text-sm font-medium text-slate-900" dir="auto">
                    {imp.fileName}
                  </p>
                  <StatusBadge status={imp.status} />
                </div>
                <div>
                  <div
                    className="h-3 overflow-hidden rounded-full bg-slate-100"
                    role="progressbar"
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={pct}
                    aria-label={t('imports.progress')}
                    data-testid="import-progress-bar"
                  >
                    <div className={cn('h-full rounded-full transition-all', imp.status === 'failed' ? 'bg-danger-500' : 'bg-primary-600')} style={{ width: `${pct}%` }} />
                  </div>
                  <p className="mt-1.5 text-xs text-slate-500 tabular-nums">{t('imports.processed', { count: imp.rowCount, processed: n(imp.processed), total: n(imp.rowCount), pct })}</p>
                </div>
                <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="import-counts">
                  {(['created', 'updated', 'skipped', 'failed'] as const).map((k) => (
                    <div key={k} className="rounded-xl border border-slate-200 px-3 py-2">
                      <dt className="text-xs text-slate-500">{t(`imports.counts.${k}`)}</dt>
                      <dd className={cn('text-lg font-semibold tabular-nums', k === 'failed' && imp.failed > 0 ? 'text-danger-600' : 'text-slate-900')} data-testid={`import-${k}`}>
                        {n(imp[k])}
                      </dd>
                    </div>
                  ))}
                </dl>
                {imp.error && <Alert tone="danger">{imp.error}</Alert>}
                {!finished && (
                  <p className="flex items-center gap-2 text-sm text-slate-500">
                    <Spinner className="size-4 text-primary-500" />
                    {t('imports.working')}
                  </p>
                )}
                {downloadError && <Alert tone="danger">{downloadError}</Alert>}
                {finished && (
                  <div className="flex flex-wrap gap-2">
                    {imp.failed > 0 && (
                      <Button
                        variant="outline"
                        onClick={() => {
                          setDownloadError(null);
                          crmApi.importErrors(imp.id).catch((err: unknown) => setDownloadError(errorText(err)));
                        }}
                        data-testid="download-failed"
                      >
                        <Icon name="download" className="size-4" />
                        {t('imports.downloadFailed')}
                      </Button>
                    )}
                    <Link to={`${basePath}/contacts`} className="inline-flex h-10 items-center rounded-xl bg-primary-600 px-4 text-sm font-medium text-white hover:bg-primary-700">
                      {t('imports.viewContacts')}
                    </Link>
                    <Button variant="ghost" onClick={onAnother} data-testid="import-another">
                      {t('imports.another')}
                    </Button>
                  </div>
                )}
              </div>
            );
          }}
        </QueryView>
      </CardBody>
    </Card>
  );
}

function PastImports({ onOpen }: { onOpen: (imp: ContactImport) => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useCrmErrorText();
  const imports = useQuery({ queryKey: crmKeys.imports, queryFn: crmApi.imports });
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <Card data-testid="past-imports">
      <CardHeader title={t('imports.past')} />
      {downloadError && (
        <div className="p-4">
          <Alert tone="danger">{downloadError}</Alert>
        </div>
      )}
      <QueryView query={imports} isEmpty={(l) => l.length === 0} empty={<EmptyState icon="file" title={t('imports.noPast')} />}>
        {(list) => (
          <Table>
            <TableHeader columns={[t('imports.file'), t('common.status'), t('imports.rows'), t('imports.result'), t('imports.when')]} actions />
            <TBody>
              {list.map((imp) => (
                <TR key={imp.id} data-testid="past-import">
                  <TD className="max-w-[14rem] truncate font-medium text-slate-900" dir="auto">
                    {imp.fileName}
                  </TD>
                  <TD>
                    <StatusBadge status={imp.status} />
                  </TD>
                  <TD className="tabular-nums">{n(imp.rowCount)}</TD>
                  <TD className="text-xs whitespace-nowrap text-slate-600">
                    {[
                      t('imports.resultCreated', { count: imp.created, n: n(imp.created) }),
                      t('imports.resultUpdated', { count: imp.updated, n: n(imp.updated) }),
                      t('imports.resultSkipped', { count: imp.skipped, n: n(imp.skipped) }),
                      t('imports.resultFailed', { count: imp.failed, n: n(imp.failed) }),
                    ].join(' · ')}
                  </TD>
                  <TD className="whitespace-nowrap text-slate-500">{formatDateTime(imp.createdAt, i18n.language)}</TD>
                  <TD className="text-end whitespace-nowrap">
                    <Button size="sm" variant="ghost" onClick={() => onOpen(imp)} data-testid="open-import">
                      {imp.status === 'draft' ? t('imports.continue') : t('imports.open')}
                    </Button>
                    {imp.failed > 0 && (
                      <Button
                        size="sm"
                        variant="ghost"
                        onClick={() => {
                          setDownloadError(null);
                          crmApi.importErrors(imp.id).catch((err: unknown) => setDownloadError(errorText(err)));
                        }}
                      >
                        {t('imports.downloadFailed')}
                      </Button>
                    )}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </QueryView>
    </Card>
  );
}

/** Import contacts from a CSV: upload, map the columns and choose the options, then watch it run. */
export function ImportPage({ basePath }: { basePath: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [current, setCurrent] = useState<ContactImport | null>(null);
  const step = !current ? 1 : current.status === 'draft' ? 2 : 3;
  const top = useRef<HTMLDivElement>(null);
  const open = (imp: ContactImport) => {
    if (imp.status !== 'draft') qc.setQueryData(crmKeys.importOne(imp.id), imp);
    setCurrent(imp);
    top.current?.scrollIntoView?.({ behavior: 'smooth', block: 'start' });
  };

  return (
    <div className="space-y-6" data-testid="import-page" ref={top}>
      <div>
        <Link to={`${basePath}/contacts`} className="inline-flex items-center gap-1.5 text-sm font-medium text-slate-500 hover:text-slate-800">
          <Icon name="arrowStart" className="size-4 rtl:-scale-x-100" />
          {t('contacts.backToList')}
        </Link>
        <h1 className="mt-3 text-2xl font-semibold tracking-tight text-slate-900">{t('imports.title')}</h1>
        <p className="mt-1 text-sm text-slate-500">{t('imports.subtitle')}</p>
      </div>
      <ol className="flex flex-wrap gap-2 text-xs font-medium" aria-label={t('imports.steps')}>
        {[1, 2, 3].map((s) => (
          <li
            key={s}
            className={cn('rounded-full px-3 py-1', s === step ? 'bg-primary-600 text-white' : s < step ? 'bg-primary-50 text-primary-700' : 'bg-slate-100 text-slate-500')}
            aria-current={s === step ? 'step' : undefined}
          >
            {t(`imports.stepLabels.${s as 1 | 2 | 3}`)}
          </li>
        ))}
      </ol>
      {step === 1 && <UploadStep onUploaded={open} />}
      {step === 2 && current && <MappingStep key={current.id} draft={current} onStarted={open} onCancel={() => setCurrent(null)} />}
      {step === 3 && current && <ProgressStep key={current.id} importId={current.id} basePath={basePath} onAnother={() => setCurrent(null)} />}
      <PastImports onOpen={open} />
    </div>
  );
}
