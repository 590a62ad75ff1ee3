import { memo, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Label } from '../../../api/types';
import {
  Alert,
  Badge,
  Button,
  buttonClasses,
  Card,
  ConfirmModal,
  EmptyState,
  FormModal,
  Icon,
  MenuHeading,
  Modal,
  ModalActions,
  PageHeader,
  PageSpinner,
  Popover,
  SearchInput,
  Select,
  SelectField,
  Spinner,
  TextAreaField,
  TextField,
} from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { formatDate, formatNumber, formatRelative } from '../../../lib/format';
import { mapFormError, NO_ERRORS } from '../../../lib/formErrors';
import { useDebounce } from '../../../lib/useDebounce';
import { useVirtualPages } from '../../../lib/useVirtualPages';
import { useNow } from '../../../lib/useNow';
import { LabelChips } from '../../conversations/components/LabelPicker';
import { useLabels } from '../../inbox';
import { crmApi } from '../api';
import { COLUMN_WIDTH, SORTABLE, customColumn, isBuiltInColumn, loadColumns, saveColumns, visibleColumns, BUILT_IN_COLUMNS } from '../columns';
import { compactCriteria, countConditions, criteriaErrorsOf, decodeCriteria, emptyCriteria, encodeCriteria, validateCriteria } from '../criteria';
import { cleanFieldValue, displayName, formatFieldValue } from '../fields';
import { useContactActions, useContactCount, useContactFields, useContactList, useCrmErrorText, useIsManager, useSegment, useSegmentActions, useSegments } from '../hooks';
import {
  CONTACT_SORTS,
  type BulkAction,
  type BulkSelection,
  type Contact,
  type ContactField,
  type ContactFilter,
  type ContactSort,
  type Criteria,
  type CustomFieldValue,
  type SortOrder,
} from '../types';
import { ConsentBadge } from './ConsentBadge';
import { CriteriaBuilder } from './CriteriaBuilder';
import { CustomFieldControl } from './CustomFieldInput';
import { NewContactModal } from './NewContactModal';

const ROW_HEIGHT = 52;
const PREFETCH_ROWS = 20;
const CHECK_WIDTH = 2.75;

type Selection = { mode: 'ids'; ids: ReadonlySet<string> } | { mode: 'all' };
const NONE: Selection = { mode: 'ids', ids: new Set() };

function isSort(v: string | null): v is ContactSort {
  return v !== null && (CONTACT_SORTS as readonly string[]).includes(v);
}

/** The list's filter as the URL keeps it (`criteria`, `segmentId`, `sort`, `order`), so it can be shared and opened from a segment. */
function useListParams() {
  const [params, setParams] = useSearchParams();
  const criteria = useMemo(() => decodeCriteria(params.get('criteria')), [params]);
  const segmentId = params.get('segmentId') || null;
  const sortParam = params.get('sort');
  const sort: ContactSort = isSort(sortParam) ? sortParam : 'createdAt';
  const order: SortOrder = params.get('order') === 'asc' ? 'asc' : 'desc';
  const update = (changes: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null || v === '') next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: true },
    );
  return { criteria, segmentId, sort, order, update };
}

/** A column's title: the built-in ones translated, a custom field's its label. */
function useColumnLabel(fields: ContactField[]): (column: string) => string {
  const { t } = useTranslation();
  return (column) => (isBuiltInColumn(column) ? t(`contacts.columns.${column}`) : (fields.find((f) => customColumn(f) === column)?.label ?? column));
}

const Cell = memo(function Cell({ contact, column, fields, now }: { contact: Contact; column: string; fields: ContactField[]; now: number }) {
  const { t, i18n } = useTranslation();
  switch (column) {
    case 'name':
      return null;
    case 'phone':
      return <span dir="ltr">{contact.phone ?? '—'}</span>;
    case 'email':
      return <span dir="ltr">{contact.email ?? '—'}</span>;
    case 'company':
      return <span dir="auto">{contact.company ?? '—'}</span>;
    case 'labels':
      return contact.labels.length > 0 ? <LabelChips labels={contact.labels} testId="contact-row-label" className="flex-nowrap overflow-hidden" /> : <>—</>;
    case 'consent':
      return <ConsentBadge status={contact.consent.status} />;
    case 'createdAt':
      return <>{formatDate(contact.createdAt, i18n.language)}</>;
    case 'updatedAt':
      return <>{formatDate(contact.updatedAt, i18n.language)}</>;
    case 'lastMessageAt':
      return <>{contact.lastMessageAt ? formatRelative(contact.lastMessageAt, now, i18n.language) : '—'}</>;
    default: {
      const f = fields.find((x) => customColumn(x) === column);
      if (!f) return <>—</>;
      return <span dir="auto">{formatFieldValue(f, contact.customFields[f.key], i18n.language, [t('contacts.yes'), t('contacts.no')])}</span>;
    }
  }
});

function ColumnPicker({ chosen, onChange, fields }: { chosen: string[]; onChange: (c: string[]) => void; fields: ContactField[] }) {
  const { t } = useTranslation();
  const columnLabel = useColumnLabel(fields);
  const [open, setOpen] = useState(false);
  const all = [...BUILT_IN_COLUMNS, ...fields.map(customColumn)];
  const toggle = (c: string) => {
    if (c === 'name') return;
    onChange(chosen.includes(c) ? chosen.filter((x) => x !== c) : [...chosen, c]);
  };
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      align="end"
      label={t('contacts.columnsTitle')}
      panelClassName="w-64"
      testId="column-picker"
      trigger={
        <Button variant="outline" size="sm" onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="column-picker-button">
          <Icon name="list" className="size-4" />
          {t('contacts.columnsTitle')}
        </Button>
      }
    >
      <MenuHeading>{t('contacts.columnsTitle')}</MenuHeading>
      <div className="max-h-80 overflow-y-auto">
        {all.map((c) => (
          <label key={c} className="flex cursor-pointer items-center gap-2.5 rounded-lg px-3 py-2 text-sm hover:bg-slate-50">
            <input type="checkbox" className="size-4 accent-primary-600" checked={chosen.includes(c) || c === 'name'} disabled={c === 'name'} onChange={() => toggle(c)} data-testid="column-option" data-column={c} />
            <span className="min-w-0 flex-1 truncate" dir="auto">
              {columnLabel(c)}
            </span>
          </label>
        ))}
      </div>
    </Popover>
  );
}

function SaveSegmentModal({ criteria, onClose, onSaved }: { criteria: Criteria; onClose: () => void; onSaved: (id: string) => void }) {
  const { t } = useTranslation();
  const errorText = useCrmErrorText();
  const { create } = useSegmentActions();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState(NO_ERRORS);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setErrors({ fields: { name: t('contacts.form.required') }, message: null });
      return;
    }
    create.mutate(
      { name: name.trim(), description: description.trim() || null, criteria },
      {
        onSuccess: (s) => onSaved(s.id),
        onError: (err) => setErrors(mapFormError(err, ['name', 'description'], { describe: errorText, codeFields: { segment_exists: 'name' } })),
      },
    );
  };
  return (
    <FormModal
      open
      onClose={onClose}
      title={t('segments.saveAs')}
      description={t('segments.saveAsBody', { count: countConditions(criteria) })}
      formId="save-segment-form"
      onSubmit={submit}
      submitLabel={t('segments.create')}
      submitting={create.isPending}
      submitTestId="save-segment-submit"
      testId="save-segment-modal"
      error={errors.message}
    >
      <TextField label={t('segments.name')} id="segment-name" dir="auto" value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} required />
      <TextAreaField label={t('segments.description')} id="segment-description" dir="auto" value={description} onChange={(e) => setDescription(e.target.value)} error={errors.fields.description} />
    </FormModal>
  );
}

type BulkDialog = 'add_label' | 'remove_label' | 'set_field' | 'delete' | null;

function BulkDialogs({
  dialog,
  onClose,
  count,
  selection,
  labels,
  fields,
  onDone,
}: {
  dialog: BulkDialog;
  onClose: () => void;
  count: number;
  selection: BulkSelection;
  labels: Label[];
  fields: ContactField[];
  onDone: (affected: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const errorText = useCrmErrorText();
  const { bulk } = useContactActions();
  const [labelId, setLabelId] = useState('');
  const [fieldKey, setFieldKey] = useState('');
  const [value, setValue] = useState<CustomFieldValue>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const field = fields.find((f) => f.key === fieldKey);

  const run = (action: BulkAction, extra: { labelId?: string; fieldKey?: string; value?: CustomFieldValue }) =>
    bulk.mutate(
      { selection, action, ...extra },
      {
        onSuccess: (r) => {
          onDone(r.affected);
          close();
        },
        onError: (err) => {
          const found = mapFormError(err, ['value', `customFields.${fieldKey}`], { describe: errorText }).fields;
          setFieldError(found[`customFields.${fieldKey}`] ?? found.value ?? null);
        },
      },
    );

  const close = () => {
    bulk.reset();
    setLabelId('');
    setFieldKey('');
    setValue(null);
    setFieldError(null);
    onClose();
  };

  const countText = formatNumber(count, i18n.language);
  const error = bulk.error && !fieldError ? <Alert tone="danger">{errorText(bulk.error)}</Alert> : null;

  if (dialog === 'delete') {
    return (
      <ConfirmModal
        open
        title={t('contacts.bulk.deleteTitle')}
        body={t('contacts.bulk.deleteBody', { count, formatted: countText })}
        confirmLabel={t('contacts.bulk.deleteConfirm', { count, formatted: countText })}
        danger
        loading={bulk.isPending}
        error={bulk.error ? errorText(bulk.error) : null}
        onConfirm={() => run('delete', {})}
        onClose={close}
      />
    );
  }
  if (dialog === 'add_label' || dialog === 'remove_label') {
    return (
      <Modal
        open
        onClose={close}
        size="sm"
        title={t(dialog === 'add_label' ? 'contacts.bulk.addLabel' : 'contacts.bulk.removeLabel')}
        description={t('contacts.bulk.appliesTo', { count, formatted: countText })}
        testId="bulk-label-modal"
        footer={
          <ModalActions onCancel={close}>
            <Button disabled={!labelId} loading={bulk.isPending} onClick={() => run(dialog, { labelId })} data-testid="bulk-apply">
              {t('contacts.bulk.apply')}
            </Button>
          </ModalActions>
        }
      >
        <div className="space-y-3">
          <SelectField label={t('contacts.fields.labels')} id="bulk-label" value={labelId} onChange={(e) => setLabelId(e.target.value)}>
            <option value="">{t('criteria.chooseLabel')}</option>
            {labels.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </SelectField>
          {error}
        </div>
      </Modal>
    );
  }
  if (dialog === 'set_field') {
    return (
      <Modal
        open
        onClose={close}
        title={t('contacts.bulk.setField')}
        description={t('contacts.bulk.appliesTo', { count, formatted: countText })}
        testId="bulk-field-modal"
        footer={
          <ModalActions onCancel={close}>
            <Button
              disabled={!field}
              loading={bulk.isPending}
              onClick={() => field && run('set_field', { fieldKey: field.key, value: cleanFieldValue(field.kind, value) })}
              data-testid="bulk-apply"
            >
              {t('contacts.bulk.apply')}
            </Button>
          </ModalActions>
        }
      >
        <div className="space-y-4">
          <SelectField
            label={t('contacts.bulk.field')}
            id="bulk-field"
            value={fieldKey}
            onChange={(e) => {
              setFieldKey(e.target.value);
              setValue(null);
              setFieldError(null);
            }}
          >
            <option value="">{t('criteria.chooseField')}</option>
            {fields.map((f) => (
              <option key={f.id} value={f.key}>
                {f.label}
              </option>
            ))}
          </SelectField>
          {field && (
            <div className="space-y-1.5">
              <label htmlFor="bulk-value" className="block text-sm font-medium text-slate-700">
                {t('contacts.bulk.value')}
              </label>
              <CustomFieldControl field={field} value={value} onChange={setValue} id="bulk-value" invalid={Boolean(fieldError)} />
              {fieldError ? (
                <p id="bulk-value-error" className="text-sm text-danger-600">
                  {fieldError}
                </p>
              ) : (
                <p className="text-xs text-slate-500">{t('contacts.bulk.emptyClears')}</p>
              )}
            </div>
          )}
          {error}
        </div>
      </Modal>
    );
  }
  return null;
}

/** Contacts: search, filters (criteria or a segment), columns, sort, a virtualised cursor-paged table, bulk actions. */
export function ContactsPage({ basePath }: { basePath: string }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const errorText = useCrmErrorText();
  const manager = useIsManager();
  const now = useNow(60_000);
  const { criteria, segmentId, sort, order, update } = useListParams();
  const [search, setSearch] = useState('');
  const q = useDebounce(search.trim(), 300);
  const fieldsQuery = useContactFields();
  const fields = useMemo(() => fieldsQuery.data ?? [], [fieldsQuery.data]);
  const columnLabel = useColumnLabel(fields);
  const labels = useLabels().data ?? [];
  const segments = useSegments();
  const segment = useSegment(segmentId);

  const filter: ContactFilter = useMemo(() => ({ q, criteria, segmentId }), [q, criteria, segmentId]);
  const list = useContactList({ ...filter, sort, order });
  const count = useContactCount(filter);
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const total = count.data?.count;

  const [chosenColumns, setChosenColumns] = useState(loadColumns);
  const columns = ['name', ...visibleColumns(chosenColumns, fields).filter((c) => c !== 'name')];
  const setColumns = (c: string[]) => {
    setChosenColumns(c);
    saveColumns(c);
  };

  // Filter panel: a draft criteria, applied to the URL when it validates.
  const [filtersOpen, setFiltersOpen] = useState(Boolean(criteria));
  const [draft, setDraft] = useState<Criteria>(() => criteria ?? emptyCriteria());
  const [draftTried, setDraftTried] = useState(false);
  const [appliedKey, setAppliedKey] = useState(criteria ? encodeCriteria(criteria) : '');
  const urlKey = criteria ? encodeCriteria(criteria) : '';
  if (urlKey !== appliedKey) {
    // The URL changed under us (a segment opened as a list, back/forward): the draft follows.
    setAppliedKey(urlKey);
    setDraft(criteria ?? emptyCriteria());
  }
  const applyDraft = () => {
    setDraftTried(true);
    if (Object.keys(validateCriteria(draft, fields)).length > 0) return;
    const compact = compactCriteria(draft);
    const key = compact ? encodeCriteria(compact) : '';
    setAppliedKey(key);
    update({ criteria: key || null });
  };
  const clearDraft = () => {
    setDraft(emptyCriteria());
    setDraftTried(false);
    setAppliedKey('');
    update({ criteria: null });
  };

  // Selection: ids of loaded rows, or every contact that matches; a new filter starts over.
  const filterKey = JSON.stringify(filter);
  const [selection, setSelection] = useState<Selection>(NONE);
  const [selectionKey, setSelectionKey] = useState(filterKey);
  if (selectionKey !== filterKey) {
    setSelectionKey(filterKey);
    setSelection(NONE);
  }
  const selectedCount = selection.mode === 'all' ? (total ?? 0) : selection.ids.size;
  const allLoadedSelected = items.length > 0 && (selection.mode === 'all' || items.every((c) => selection.ids.has(c.id)));
  const toggleOne = (id: string) =>
    setSelection((s) => {
      const ids = new Set(s.mode === 'all' ? items.map((c) => c.id) : s.ids);
      if (ids.has(id)) ids.delete(id);
      else ids.add(id);
      return { mode: 'ids', ids };
    });
  const toggleAllLoaded = () => setSelection(allLoadedSelected ? NONE : { mode: 'ids', ids: new Set(items.map((c) => c.id)) });
  const bulkSelection: BulkSelection =
    selection.mode === 'all'
      ? { all: true, ...(q ? { q } : {}), ...(criteria ? { criteria } : {}), ...(segmentId ? { segmentId } : {}) }
      : { ids: [...selection.ids] };

  const [dialog, setDialog] = useState<BulkDialog>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (!notice) return;
    const id = setTimeout(() => setNotice(null), 6000);
    return () => clearTimeout(id);
  }, [notice]);
  const [creating, setCreating] = useState(false);
  const [savingSegment, setSavingSegment] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);

  const exportCsv = async (ids?: string[]) => {
    setExporting(true);
    setExportError(null);
    try {
      await crmApi.exportCsv(filter, ids);
    } catch (err) {
      setExportError(errorText(err));
    } finally {
      setExporting(false);
    }
  };

  // What "Save as segment" saves: the criteria, joined with the open segment's when one is applied.
  const segmentCriteria: Criteria | null = criteria
    ? segmentId && segment.data
      ? { op: 'and', conditions: [segment.data.criteria, criteria] }
      : criteria
    : null;

  const setSort = (column: string) => {
    const s = SORTABLE[column];
    if (!s) return;
    if (s === sort) update({ sort: s, order: order === 'asc' ? 'desc' : 'asc' });
    else update({ sort: s, order: s === 'createdAt' || s === 'updatedAt' ? 'desc' : 'asc' });
  };

  // Table geometry: a grid of fixed minimum widths, scrolled sideways on narrow screens.
  const widths = columns.map((c) => COLUMN_WIDTH[c] ?? 10);
  const gridTemplateColumns = `${CHECK_WIDTH}rem ${widths.map((w) => `minmax(${w}rem, 1fr)`).join(' ')}`;
  const minWidth = `${CHECK_WIDTH + widths.reduce((a, b) => a + b, 0)}rem`;

  const { isFetchingNextPage } = list;
  const { scroller, virtual, rows } = useVirtualPages(items, list, { rowHeight: ROW_HEIGHT, overscan: 10, prefetchRows: PREFETCH_ROWS });

  const filtered = Boolean(q || criteria || segmentId);
  // A criteria the server refuses (e.g. a shared link to a deleted field): its errors go next to the conditions.
  const listCriteriaErrors =
    urlKey === encodeCriteria(draft) ? (criteriaErrorsOf(list.error) ?? undefined) : undefined;
  const conditionCount = criteria ? countConditions(criteria) : 0;

  return (
    <div data-testid="contacts-page">
      <PageHeader
        title={t('contacts.title')}
        description={
          total === undefined ? t('contacts.subtitle') : <span data-testid="contacts-total">{t('contacts.total', { count: total, formatted: formatNumber(total, i18n.language) })}</span>
        }
        actions={
          <>
            {manager && (
              <Link to={`${basePath}/contacts/import`} className={buttonClasses('outline')} data-testid="import-link">
                <Icon name="file" className="size-4" />
                {t('imports.title')}
              </Link>
            )}
            <Button variant="outline" onClick={() => void exportCsv()} loading={exporting} data-testid="export-button">
              <Icon name="download" className="size-4" />
              {t('contacts.export')}
            </Button>
            <Button onClick={() => setCreating(true)} data-testid="new-contact">
              <Icon name="plus" className="size-4" />
              {t('contacts.new')}
            </Button>
          </>
        }
      />
      {exportError && (
        <Alert tone="danger" className="mb-4">
          {exportError}
        </Alert>
      )}

      <Card className="overflow-hidden">
        <div className="flex flex-col gap-2 border-b border-slate-100 p-3 sm:flex-row sm:flex-wrap sm:items-center">
          <SearchInput value={search} onChange={setSearch} label={t('contacts.search')} className="sm:w-72" testId="contact-search" />
          <Select
            controlSize="md"
            className="sm:w-56"
            value={segmentId ?? ''}
            onChange={(e) => update({ segmentId: e.target.value || null })}
            aria-label={t('segments.title')}
            data-testid="segment-select"
          >
            <option value="">{t('contacts.allContacts')}</option>
            {(segments.data ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
            {segmentId && !segments.data?.some((s) => s.id === segmentId) && <option value={segmentId}>{segment.data?.name ?? t('segments.title')}</option>}
          </Select>
          <Button variant={filtersOpen || criteria ? 'secondary' : 'outline'} onClick={() => setFiltersOpen((o) => !o)} aria-expanded={filtersOpen} data-testid="filters-button">
            <Icon name="settings" className="size-4" />
            {t('contacts.filters')}
            {conditionCount > 0 && <Badge tone="primary">{conditionCount}</Badge>}
          </Button>
          <span className="hidden flex-1 sm:block" />
          <div className="flex flex-wrap items-center gap-2">
            <Button variant="ghost" size="sm" disabled={!segmentCriteria} onClick={() => setSavingSegment(true)} data-testid="save-segment">
              <Icon name="bolt" className="size-4" />
              {t('segments.saveAs')}
            </Button>
            <ColumnPicker chosen={chosenColumns} onChange={setColumns} fields={fields} />
          </div>
        </div>

        {filtersOpen && (
          <div className="space-y-3 border-b border-slate-100 bg-white p-3" data-testid="filter-panel">
            <CriteriaBuilder value={draft} onChange={setDraft} fields={fields} labels={labels} showErrors={draftTried} serverErrors={listCriteriaErrors} />
            <div className="flex flex-wrap justify-end gap-2">
              <Button variant="ghost" size="sm" onClick={clearDraft} data-testid="filters-clear">
                {t('contacts.clearFilters')}
              </Button>
              <Button size="sm" onClick={applyDraft} data-testid="filters-apply">
                {t('contacts.applyFilters')}
              </Button>
            </div>
          </div>
        )}

        {selectedCount > 0 && (
          <div className="flex flex-col gap-2 border-b border-primary-100 bg-primary-50/60 px-3 py-2 sm:flex-row sm:flex-wrap sm:items-center" data-testid="bulk-bar">
            <p className="text-sm font-medium text-primary-900" data-testid="selected-count">
              {t('contacts.bulk.selected', { count: selectedCount, formatted: formatNumber(selectedCount, i18n.language) })}
            </p>
            {selection.mode === 'ids' && allLoadedSelected && total !== undefined && total > items.length && (
              <Button size="sm" variant="ghost" onClick={() => setSelection({ mode: 'all' })} data-testid="select-all-matching">
                {t('contacts.bulk.selectAllMatching', { count: total, formatted: formatNumber(total, i18n.language) })}
              </Button>
            )}
            <span className="hidden flex-1 sm:block" />
            <div className="flex flex-wrap gap-1.5">
              <Button size="sm" variant="outline" onClick={() => setDialog('add_label')} data-testid="bulk-add-label">
                {t('contacts.bulk.addLabel')}
              </Button>
              <Button size="sm" variant="outline" onClick={() => setDialog('remove_label')} data-testid="bulk-remove-label">
                {t('contacts.bulk.removeLabel')}
              </Button>
              {fields.length > 0 && (
                <Button size="sm" variant="outline" onClick={() => setDialog('set_field')} data-testid="bulk-set-field">
                  {t('contacts.bulk.setField')}
                </Button>
              )}
              <Button
                size="sm"
                variant="outline"
                loading={exporting}
                onClick={() => void exportCsv(selection.mode === 'ids' ? [...selection.ids] : undefined)}
                data-testid="bulk-export"
              >
                {t('contacts.export')}
              </Button>
              {manager && (
                <Button size="sm" variant="danger" onClick={() => setDialog('delete')} data-testid="bulk-delete">
                  {t('contacts.bulk.delete')}
                </Button>
              )}
              <Button size="sm" variant="ghost" onClick={() => setSelection(NONE)}>
                {t('contacts.bulk.clear')}
              </Button>
            </div>
          </div>
        )}
        {notice && (
          <div className="border-b border-slate-100 p-3">
            <Alert tone="success">{notice}</Alert>
          </div>
        )}

        <div ref={scroller} className="h-[calc(100dvh-17rem)] min-h-[22rem] overflow-auto" data-testid="contacts-table" data-count={items.length}>
          <div style={{ minWidth }} role="table" aria-label={t('contacts.title')} aria-rowcount={total ?? items.length}>
            <div
              role="row"
              className="sticky top-0 z-10 grid border-b border-slate-100 bg-slate-50 text-xs font-semibold tracking-wide text-slate-500 uppercase"
              style={{ gridTemplateColumns }}
            >
              <div role="columnheader" className="flex items-center justify-center px-2 py-2.5">
                <input
                  type="checkbox"
                  className="size-4 accent-primary-600"
                  checked={allLoadedSelected}
                  onChange={toggleAllLoaded}
                  aria-label={t('contacts.bulk.selectLoaded')}
                  data-testid="select-all"
                />
              </div>
              {columns.map((c) => {
                const s = SORTABLE[c];
                const active = s !== undefined && s === sort;
                return (
                  <div key={c} role="columnheader" aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : undefined} className="flex min-w-0 items-center px-3 py-2.5">
                    {s ? (
                      <button type="button" onClick={() => setSort(c)} className={cn('inline-flex min-w-0 items-center gap-1 uppercase hover:text-slate-800', active && 'text-primary-700')} data-testid={`sort-${c}`}>
                        <span className="truncate">{columnLabel(c)}</span>
                        {active && <Icon name="chevronDown" className={cn('size-3.5 shrink-0', order === 'asc' && 'rotate-180')} />}
                      </button>
                    ) : (
                      <span className="truncate" dir="auto">
                        {columnLabel(c)}
                      </span>
                    )}
                  </div>
                );
              })}
            </div>

            {list.isPending ? (
              <PageSpinner label={t('common.loading')} />
            ) : list.isError ? (
              <div className="p-4">
                <Alert tone="danger">{errorText(list.error)}</Alert>
              </div>
            ) : items.length === 0 ? (
              <EmptyState
                icon="users"
                title={filtered ? t('contacts.noMatch') : t('contacts.empty')}
                description={filtered ? t('contacts.noMatchBody') : t('contacts.emptyBody')}
                action={!filtered && <Button onClick={() => setCreating(true)}>{t('contacts.new')}</Button>}
              />
            ) : (
              <div className="relative w-full" style={{ height: virtual.getTotalSize() }}>
                {rows.map((row) => {
                  const c = items[row.index];
                  if (!c) return null;
                  const checked = selection.mode === 'all' || selection.ids.has(c.id);
                  const display = displayName(c);
                  return (
                    <div
                      key={row.key}
                      role="row"
                      className={cn('absolute start-0 top-0 grid w-full items-center border-b border-slate-100 text-sm text-slate-700', checked ? 'bg-primary-50/50' : 'hover:bg-slate-50/70')}
                      style={{ height: row.size, transform: `translateY(${row.start}px)`, gridTemplateColumns }}
                      data-testid="contact-row"
                      data-contact-id={c.id}
                    >
                      <div role="cell" className="flex items-center justify-center px-2">
                        <input type="checkbox" className="size-4 accent-primary-600" checked={checked} onChange={() => toggleOne(c.id)} aria-label={t('contacts.bulk.selectOne', { name: display })} data-testid="row-checkbox" />
                      </div>
                      {columns.map((col) => (
                        <div key={col} role="cell" className="min-w-0 truncate px-3">
                          {col === 'name' ? (
                            <Link to={`${basePath}/contacts/${c.id}`} className="font-medium text-slate-900 hover:text-primary-700 hover:underline" dir="auto" data-testid="contact-link">
                              {display}
                            </Link>
                          ) : (
                            <Cell contact={c} column={col} fields={fields} now={now} />
                          )}
                        </div>
                      ))}
                    </div>
                  );
                })}
              </div>
            )}
            {isFetchingNextPage && (
              <div className="flex justify-center p-3 text-primary-500">
                <Spinner label={t('common.loading')} />
              </div>
            )}
          </div>
        </div>
      </Card>

      {creating && <NewContactModal onClose={() => setCreating(false)} onCreated={(c) => navigate(`${basePath}/contacts/${c.id}`)} />}
      {savingSegment && segmentCriteria && (
        <SaveSegmentModal
          criteria={segmentCriteria}
          onClose={() => setSavingSegment(false)}
          onSaved={(id) => {
            setSavingSegment(false);
            update({ segmentId: id, criteria: null });
          }}
        />
      )}
      <BulkDialogs
        dialog={dialog}
        onClose={() => setDialog(null)}
        count={selectedCount}
        selection={bulkSelection}
        labels={labels}
        fields={fields}
        onDone={(affected) => {
          setNotice(t('contacts.bulk.done', { count: affected, formatted: formatNumber(affected, i18n.language) }));
          setSelection(NONE);
        }}
      />
    </div>
  );
}
