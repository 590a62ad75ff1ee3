import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../../../api/generated/schema';
import { Alert, Button, Card, CardBody, IconButton, Input, PageHeader, QueryView, Select } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { mapFormError, NO_ERRORS } from '../../../lib/formErrors';
import { useMessagePrices, useSaveMessagePrices } from '../hooks/useAdmin';

type Table = components['schemas']['MessagePriceTable'];
interface Row {
  key: number;
  country: string;
  category: string;
  price: string;
}

const CATEGORIES = ['marketing', 'utility', 'authentication', 'service'] as const;
let nextKey = 1;

/** The price table campaigns are costed with, edited as a whole: one currency, a row per country and category. */
function PricesForm({ table }: { table: Table }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const save = useSaveMessagePrices();
  const [currency, setCurrency] = useState(table.currency);
  const [rows, setRows] = useState<Row[]>(() => table.prices.map((p) => ({ key: nextKey++, country: p.country, category: p.category, price: String(p.price) })));
  const [errors, setErrors] = useState(NO_ERRORS);
  const [saved, setSaved] = useState(false);

  const set = (key: number, patch: Partial<Row>) => {
    setSaved(false);
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    const body = { currency: currency.trim(), prices: rows.map((r) => ({ country: r.country.trim(), category: r.category, price: Number(r.price) })) };
    save.mutate(body, {
      onSuccess: () => setSaved(true),
      onError: (err) => setErrors(mapFormError(err, ['currency', 'prices', ...rows.flatMap((_, i) => [`prices.${i}.country`, `prices.${i}.category`, `prices.${i}.price`])], { describe: errorText })),
    });
  };

  return (
    <form onSubmit={submit} className="space-y-4" data-testid="prices-form">
      {errors.message && <Alert tone="danger">{errors.message}</Alert>}
      {errors.fields.prices && <Alert tone="danger">{errors.fields.prices}</Alert>}
      {saved && <Alert tone="success">{t('admin.prices.saved')}</Alert>}
      <Card>
        <CardBody className="space-y-4">
          <label className="block max-w-[10rem] text-sm font-medium text-slate-700">
            {t('admin.prices.currency')}
            <Input className="mt-1" value={currency} maxLength={3} dir="ltr" onChange={(e) => setCurrency(e.target.value.toUpperCase())} invalid={Boolean(errors.fields.currency)} data-testid="prices-currency" />
            {errors.fields.currency && <span className="mt-1 block text-xs text-danger-700">{errors.fields.currency}</span>}
          </label>
          <p className="text-sm text-slate-600">{t('admin.prices.hint')}</p>
          <div className="hidden grid-cols-[minmax(0,7rem)_minmax(0,1fr)_minmax(0,8rem)_2.5rem] gap-2 text-xs text-slate-500 sm:grid" aria-hidden="true">
            <span>{t('admin.prices.country')}</span>
            <span>{t('admin.prices.category')}</span>
            <span>{t('admin.prices.price')}</span>
          </div>
          <ul className="space-y-3 sm:space-y-2" data-testid="price-rows">
            {rows.map((r, i) => {
              const err = errors.fields[`prices.${i}.country`] ?? errors.fields[`prices.${i}.category`] ?? errors.fields[`prices.${i}.price`];
              return (
                <li key={r.key} data-testid="price-row">
                  <div className="grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)_2.5rem] gap-2 sm:grid-cols-[minmax(0,7rem)_minmax(0,1fr)_minmax(0,8rem)_2.5rem]">
                    <Input aria-label={t('admin.prices.country')} value={r.country} maxLength={2} dir="ltr" placeholder="*" onChange={(e) => set(r.key, { country: e.target.value.toUpperCase() })} invalid={Boolean(errors.fields[`prices.${i}.country`])} />
                    <Select aria-label={t('admin.prices.category')} value={r.category} onChange={(e) => set(r.key, { category: e.target.value })} className="col-span-1 row-start-2 sm:row-start-auto">
                      {CATEGORIES.map((c) => (
                        <option key={c} value={c}>
                          {t(`admin.prices.categories.${c}`)}
                        </option>
                      ))}
                    </Select>
                    <Input aria-label={t('admin.prices.price')} type="number" min={0} max={100} step="0.0001" dir="ltr" value={r.price} onChange={(e) => set(r.key, { price: e.target.value })} invalid={Boolean(errors.fields[`prices.${i}.price`])} className="row-start-2 sm:row-start-auto" />
                    <IconButton icon="trash" label={t('admin.prices.remove')} onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))} className="row-start-1 col-start-3 sm:col-start-auto" />
                  </div>
                  {err && <p className="mt-1 text-xs text-danger-700">{err}</p>}
                </li>
              );
            })}
          </ul>
          <div className="flex flex-wrap gap-2">
            <Button type="button" variant="outline" onClick={() => setRows((rs) => [...rs, { key: nextKey++, country: '', category: 'marketing', price: '0' }])} data-testid="price-add">
              {t('admin.prices.add')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="prices-save">
              {t('common.save')}
            </Button>
          </div>
        </CardBody>
      </Card>
    </form>
  );
}

/** `/admin/prices`: what one delivered template message costs, for every workspace's campaign estimates and costs. */
export function AdminPricesPage() {
  const { t } = useTranslation();
  const prices = useMessagePrices();
  return (
    <div>
      <PageHeader title={t('admin.prices.title')} description={t('admin.prices.subtitle')} />
      <QueryView query={prices}>{(table) => <PricesForm key={table.currency + table.prices.length} table={table} />}</QueryView>
    </div>
  );
}
