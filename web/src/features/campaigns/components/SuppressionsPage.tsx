import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  Alert,
  Button,
  Card,
  ConfirmModal,
  EmptyState,
  FormModal,
  Icon,
  IconButton,
  LoadMore,
  PageHeader,
  QueryView,
  SearchInput,
  Table,
  TBody,
  TD,
  TextAreaField,
  TextField,
  TH,
  THead,
  TR,
} from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { useDebounce } from '../../../lib/useDebounce';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { phonesOf } from '../form';
import { useSuppressionActions, useSuppressions } from '../hooks';
import type { Suppression } from '../types';

/** Numbers to add, one a line, with an optional reason; the ones that are not numbers stay in the box, named. */
function AddDialog({ onClose, onAdded }: { onClose: () => void; onAdded: (n: number) => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const { add } = useSuppressionActions();
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<string[]>([]);
  const [added, setAdded] = useState<number | null>(null);
  const phones = phonesOf(text);
  return (
    <FormModal
      open
      onClose={onClose}
      title={t('campaigns.suppressions.addTitle')}
      description={t('campaigns.suppressions.addHint')}
      testId="add-suppressions"
      formId="add-suppressions-form"
      submitLabel={t('campaigns.suppressions.addN', { count: phones.length, n: formatNumber(phones.length, i18n.language) })}
      submitting={add.isPending}
      submitTestId="add-suppressions-submit"
      error={add.error ? errorText(add.error) : null}
      onSubmit={(e) => {
        e.preventDefault();
        if (phones.length === 0) return;
        add.mutate(
          { phones, reason: reason.trim() || null },
          {
            onSuccess: (r) => {
              if (r.invalid.length === 0) {
                onAdded(r.added);
                return;
              }
              setAdded(r.added);
              setInvalid(r.invalid);
              setText(r.invalid.join('\n'));
            },
          },
        );
      }}
    >
      {invalid.length > 0 && (
        <Alert tone="warning" title={t('campaigns.suppressions.someInvalid', { count: invalid.length, added: added ?? 0 })}>
          <ul className="font-mono text-xs" dir="ltr" data-testid="invalid-phones">
            {invalid.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </Alert>
      )}
      <TextAreaField
        label={t('campaigns.suppressions.phones')}
        name="phones"
        rows={6}
        dir="ltr"
        placeholder={'+351 912 345 678\n+44 7700 900123'}
        value={text}
        onChange={(e) => setText(e.target.value)}
        hint={t('campaigns.suppressions.phonesHint')}
        data-testid="suppression-phones"
      />
      <TextField label={t('campaigns.suppressions.reason')} name="reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} data-testid="suppression-reason" />
    </FormModal>
  );
}

/** `/app/campaigns/suppressions`: numbers no campaign ever messages, whatever their consent says. */
export function SuppressionsPage() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [search, setSearch] = useState('');
  const q = useDebounce(search.trim(), 300);
  const list = useSuppressions(q);
  const { remove } = useSuppressionActions();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Suppression | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <div data-testid="suppressions-page">
      <Link to="/app/campaigns" className="mb-2 inline-flex items-center gap-1 text-sm text-slate-500 hover:text-slate-800">
        <Icon name="arrowStart" className="size-4 rtl:-scale-x-100" />
        {t('campaigns.list.title')}
      </Link>
      <PageHeader
        title={t('campaigns.suppressions.title')}
        description={t('campaigns.suppressions.subtitle')}
        actions={
          <Button onClick={() => setAdding(true)} data-testid="add-suppressions-open">
            <Icon name="plus" className="size-4" />
            {t('campaigns.suppressions.add')}
          </Button>
        }
      />
      {notice && (
        <Alert tone="success" className="mb-4">
          {notice}
        </Alert>
      )}
      <Card>
        <div className="border-b border-slate-100 p-4">
          <SearchInput value={search} onChange={setSearch} label={t('campaigns.suppressions.search')} className="max-w-sm" testId="suppression-search" />
        </div>
        <QueryView
          query={list}
          isEmpty={(d) => d.pages.every((p) => p.items.length === 0)}
          empty={<EmptyState icon="bellOff" title={q ? t('campaigns.suppressions.noMatch') : t('campaigns.suppressions.empty')} description={q ? undefined : t('campaigns.suppressions.emptyHint')} />}
        >
          {(data) => (
            <>
              <Table minWidth="min-w-[32rem]" dense data-testid="suppressions-table">
                <THead>
                  <tr>
                    <TH>{t('campaigns.suppressions.phone')}</TH>
                    <TH>{t('campaigns.suppressions.reason')}</TH>
                    <TH className="w-44">{t('campaigns.suppressions.added')}</TH>
                    <TH className="w-12">
                      <span className="sr-only">{t('common.actions')}</span>
                    </TH>
                  </tr>
                </THead>
                <TBody>
                  {data.pages
                    .flatMap((p) => p.items)
                    .map((s) => (
                      <TR key={s.phone} data-testid="suppression-row" data-phone={s.phone}>
                        <TD className="font-medium text-slate-900">
                          <span dir="ltr">{s.phone}</span>
                        </TD>
                        <TD className="text-slate-600">
                          <span dir="auto">{s.reason || '—'}</span>
                        </TD>
                        <TD className="text-xs text-slate-500">
                          {formatDateTime(s.createdAt, i18n.language)}
                          {s.createdBy && <span className="block">{s.createdBy}</span>}
                        </TD>
                        <TD className="text-end">
                          <IconButton icon="trash" size="sm" label={t('campaigns.suppressions.remove')} onClick={() => setRemoving(s)} data-testid="suppression-remove" />
                        </TD>
                      </TR>
                    ))}
                </TBody>
              </Table>
              <LoadMore pages={list} label={t('campaigns.list.more')} />
            </>
          )}
        </QueryView>
      </Card>

      {adding && (
        <AddDialog
          onClose={() => setAdding(false)}
          onAdded={(n) => {
            setAdding(false);
            setNotice(t('campaigns.suppressions.addedN', { count: n, n: formatNumber(n, i18n.language) }));
          }}
        />
      )}
      <ConfirmModal
        open={removing !== null}
        danger
        title={t('campaigns.suppressions.removeTitle', { phone: removing?.phone ?? '' })}
        body={t('campaigns.suppressions.removeBody')}
        confirmLabel={t('campaigns.suppressions.remove')}
        loading={remove.isPending}
        error={remove.error ? errorText(remove.error) : null}
        onClose={() => {
          setRemoving(null);
          remove.reset();
        }}
        onConfirm={() => removing && remove.mutate(removing.phone, { onSuccess: () => setRemoving(null) })}
      />
    </div>
  );
}
