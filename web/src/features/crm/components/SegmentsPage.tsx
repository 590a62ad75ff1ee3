import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert, Button, Modal, ModalActions, PageHeader, Spinner, TBody, TD, TR, Table, TableHeader, TextAreaField, TextField, buttonClasses } from '../../../components/ui';
import { formatDate, formatNumber } from '../../../lib/format';
import { mapFormError, NO_ERRORS } from '../../../lib/formErrors';
import { useDebounce } from '../../../lib/useDebounce';
import { useLabels } from '../../inbox';
import { SettingsListCard } from '../../inbox/components/SettingsListCard';
import { compactCriteria, criteriaErrorsOf, encodeCriteria, validateCriteria } from '../criteria';
import { useContactCount, useContactFields, useCrmErrorText, useSegmentActions, useSegmentCount, useSegments } from '../hooks';
import type { Criteria, Segment } from '../types';
import { CriteriaBuilder } from './CriteriaBuilder';

function SegmentCount({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const count = useSegmentCount(id);
  if (count.isPending) return <Spinner className="size-4 text-primary-500" label={t('common.loading')} />;
  if (count.isError) return <span className="text-slate-400">—</span>;
  return (
    <span className="tabular-nums" data-testid="segment-count">
      {formatNumber(count.data.count, i18n.language)}
    </span>
  );
}

/** The live count of what the criteria being edited matches (once it validates). */
function CountPreview({ criteria, valid }: { criteria: Criteria; valid: boolean }) {
  const { t, i18n } = useTranslation();
  const errorText = useCrmErrorText();
  const settled = useDebounce(valid ? encodeCriteria(criteria) : '', 400);
  const compact = settled ? compactCriteria(JSON.parse(settled) as Criteria) : null;
  const count = useContactCount({ criteria: compact }, valid && settled !== '');
  if (!valid) return <p className="text-sm text-slate-500">{t('segments.previewInvalid')}</p>;
  if (count.isError) return <p className="text-sm text-danger-600">{errorText(count.error)}</p>;
  return (
    <p className="flex items-center gap-2 text-sm text-slate-700" data-testid="segment-preview">
      {count.data === undefined || count.isFetching ? <Spinner className="size-4 text-primary-500" /> : null}
      {count.data !== undefined && t('segments.preview', { count: count.data.count, formatted: formatNumber(count.data.count, i18n.language) })}
    </p>
  );
}

function SegmentModal({ item: segment, onClose }: { item: Segment | null; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useCrmErrorText();
  const fields = useContactFields().data ?? [];
  const labels = useLabels().data ?? [];
  const { create, update } = useSegmentActions();
  const [name, setName] = useState(segment?.name ?? '');
  const [description, setDescription] = useState(segment?.description ?? '');
  const [criteria, setCriteria] = useState<Criteria>(segment?.criteria ?? { op: 'and', conditions: [] });
  const [tried, setTried] = useState(false);
  const [errors, setErrors] = useState(NO_ERRORS);
  const [criteriaErrors, setCriteriaErrors] = useState<Record<string, string>>({});
  const pending = create.isPending || update.isPending;
  const valid = Object.keys(validateCriteria(criteria, fields)).length === 0;

  const close = () => {
    create.reset();
    update.reset();
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    const compact = compactCriteria(criteria);
    const invalid: Record<string, string> = {};
    if (!name.trim()) invalid.name = t('contacts.form.required');
    if (!valid || !compact) {
      setErrors({ fields: invalid, message: compact ? null : t('segments.needCondition') });
      return;
    }
    if (Object.keys(invalid).length > 0) {
      setErrors({ fields: invalid, message: null });
      return;
    }
    setErrors(NO_ERRORS);
    setCriteriaErrors({});
    const onError = (err: unknown) => {
      const refused = criteriaErrorsOf(err);
      if (refused) {
        setCriteriaErrors(refused);
        setErrors({ fields: mapFormError(err, ['name', 'description']).fields, message: errorText(err) });
        return;
      }
      setErrors(mapFormError(err, ['name', 'description'], { describe: errorText, codeFields: { segment_exists: 'name' } }));
    };
    const body = { name: name.trim(), description: description.trim() || null, criteria: compact };
    if (segment) update.mutate({ id: segment.id, body }, { onSuccess: close, onError });
    else create.mutate(body, { onSuccess: close, onError });
  };

  return (
    <Modal
      open
      onClose={close}
      size="lg"
      title={segment ? t('segments.edit') : t('segments.new')}
      testId="segment-modal"
      footer={
        <ModalActions onCancel={close}>
          <Button type="submit" form="segment-form" loading={pending} data-testid="segment-submit">
            {segment ? t('common.save') : t('segments.create')}
          </Button>
        </ModalActions>
      }
    >
      <form id="segment-form" onSubmit={submit} className="space-y-4" noValidate>
        {errors.message && <Alert tone="danger">{errors.message}</Alert>}
        <TextField label={t('segments.name')} id="segment-name" dir="auto" value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} required />
        <TextAreaField
          label={t('segments.description')}
          id="segment-description"
          dir="auto"
          className="min-h-16"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          error={errors.fields.description}
        />
        <div className="space-y-2">
          <p className="text-sm font-medium text-slate-700">{t('segments.criteria')}</p>
          <CriteriaBuilder
            value={criteria}
            onChange={(c) => {
              setCriteria(c);
              setCriteriaErrors({});
            }}
            fields={fields}
            labels={labels}
            showErrors={tried}
            serverErrors={criteriaErrors}
          />
        </div>
        <CountPreview criteria={criteria} valid={valid && compactCriteria(criteria) !== null} />
      </form>
    </Modal>
  );
}

/** Segments: saved criteria with their live counts; each opens as a filtered contacts list. */
export function SegmentsPage({ basePath }: { basePath: string }) {
  const { t, i18n } = useTranslation();
  const segments = useSegments();
  const { remove } = useSegmentActions();
  return (
    <div data-testid="segments-page">
      <PageHeader title={t('segments.title')} description={t('segments.subtitle')} />
      <SettingsListCard
        entity="segment"
        title={t('segments.listTitle')}
        description={t('segments.listSubtitle')}
        newLabel={t('segments.new')}
        empty={{ icon: 'users', title: t('segments.empty'), description: t('segments.emptyBody') }}
        query={segments}
        remove={remove}
        deleteTitle={t('segments.deleteTitle')}
        deleteBody={(s) => t('segments.deleteBody', { name: s.name })}
        editor={SegmentModal}
      >
        {(list, rowActions) => (
          <Table data-testid="segments-table">
            <TableHeader columns={[t('segments.name'), t('segments.contacts'), t('segments.updated')]} actions />
            <TBody>
              {list.map((s) => (
                <TR key={s.id} data-testid="segment-row" data-segment-id={s.id}>
                  <TD>
                    <span className="font-medium text-slate-900" dir="auto">
                      {s.name}
                    </span>
                    {s.description && (
                      <span className="block max-w-md truncate text-xs text-slate-500" dir="auto">
                        {s.description}
                      </span>
                    )}
                  </TD>
                  <TD>
                    <SegmentCount id={s.id} />
                  </TD>
                  <TD className="whitespace-nowrap text-slate-500">{formatDate(s.updatedAt, i18n.language)}</TD>
                  <TD className="text-end whitespace-nowrap">
                    <Link to={`${basePath}/contacts?segmentId=${encodeURIComponent(s.id)}`} className={buttonClasses('ghost', 'sm')} data-testid="open-segment">
                      {t('segments.openAsList')}
                    </Link>
                    {rowActions(s)}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </SettingsListCard>
    </div>
  );
}

