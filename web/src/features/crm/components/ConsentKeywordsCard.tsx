import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, CardBody, CardHeader, QueryView, TextAreaField } from '../../../components/ui';
import { mapFormError, NO_ERRORS } from '../../../lib/formErrors';
import { useConsentSettings, useCrmErrorText, useSaveConsentSettings } from '../hooks';
import type { ConsentSettings } from '../types';

const words = (text: string) => [...new Set(text.split(/[\n,]/).map((w) => w.trim()).filter(Boolean))];

function KeywordsForm({ settings }: { settings: ConsentSettings }) {
  const { t } = useTranslation();
  const errorText = useCrmErrorText();
  const save = useSaveConsentSettings();
  const [optOut, setOptOut] = useState(settings.optOutKeywords.join('\n'));
  const [optIn, setOptIn] = useState(settings.optInKeywords.join('\n'));
  const [errors, setErrors] = useState(NO_ERRORS);
  const [saved, setSaved] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    setErrors(NO_ERRORS);
    save.mutate(
      { optOutKeywords: words(optOut), optInKeywords: words(optIn) },
      { onSuccess: () => setSaved(true), onError: (err) => setErrors(mapFormError(err, ['optOutKeywords', 'optInKeywords'], { describe: errorText })) },
    );
  };
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {errors.message && <Alert tone="danger">{errors.message}</Alert>}
      {saved && <Alert tone="success">{t('contactFields.consent.saved')}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextAreaField
          label={t('contactFields.consent.optOut')}
          id="opt-out-keywords"
          dir="auto"
          value={optOut}
          onChange={(e) => setOptOut(e.target.value)}
          error={errors.fields.optOutKeywords}
          hint={t('contactFields.consent.hint')}
        />
        <TextAreaField
          label={t('contactFields.consent.optIn')}
          id="opt-in-keywords"
          dir="auto"
          value={optIn}
          onChange={(e) => setOptIn(e.target.value)}
          error={errors.fields.optInKeywords}
          hint={t('contactFields.consent.hint')}
        />
      </div>
      <div className="flex justify-end">
        <Button type="submit" loading={save.isPending} data-testid="save-consent-keywords">
          {t('common.save')}
        </Button>
      </div>
    </form>
  );
}

/** The opt-out and opt-in keywords (docs/crm.md "Consent"). */
export function ConsentKeywordsCard() {
  const { t } = useTranslation();
  const settings = useConsentSettings();
  return (
    <Card data-testid="consent-keywords">
      <CardHeader title={t('contactFields.consent.title')} description={t('contactFields.consent.subtitle')} />
      <CardBody>
        <QueryView query={settings}>{(s) => <KeywordsForm settings={s} />}</QueryView>
      </CardBody>
    </Card>
  );
}
