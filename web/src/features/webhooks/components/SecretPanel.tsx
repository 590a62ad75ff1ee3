//! The signing secret, shown once (after create and after a roll), with a copy button, how to verify a delivery's
//! `Parley-Signature` in Node, and where the full guide is; and the roll dialog with its overlap choice.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, CopyButton, CopyField, Modal, ModalActions, ResultModal } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatDateTime } from '../../../lib/format';
import { useWebhookActions } from '../hooks';
import { OVERLAP_CHOICES, type RolledSecret, type WebhookEndpoint } from '../types';

/** Verifies a delivery in Node: HMAC-SHA256 of `t.body` with the secret, against every `v1=` (two while a rolled secret overlaps). */
export const VERIFY_SNIPPET = `import { createHmac, timingSafeEqual } from 'node:crypto';

// rawBody: the body exactly as received (before JSON.parse)
export function verifyParley(rawBody, header, secret) {
  const parts = header.split(',');
  const t = parts.find((p) => p.startsWith('t='))?.slice(2);
  const age = Math.abs(Date.now() / 1000 - Number(t));
  if (!t || !(age <= 300)) return false;
  const hmac = createHmac('sha256', secret);
  const want = Buffer.from(
    hmac.update(\`\${t}.\${rawBody}\`).digest('hex'));
  return parts.some((p) => {
    const got = Buffer.from(p.slice(3));
    return p.startsWith('v1=') && got.length === want.length
      && timingSafeEqual(got, want);
  });
}`;

/** The secret with its warning, the snippet and the docs links. */
export function SecretPanel({ secret, previousUntil }: { secret: string; previousUntil?: string | null }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="space-y-4" data-testid="webhook-secret-panel">
      <Alert tone="warning">{t('webhooks.secret.warning')}</Alert>
      <CopyField value={secret} aria-label={t('webhooks.secret.label')} data-testid="webhook-secret" />
      {previousUntil && <p className="text-sm text-slate-600">{t('webhooks.secret.overlapUntil', { time: formatDateTime(previousUntil, i18n.language) })}</p>}
      <div className="space-y-1.5">
        <div className="flex items-center justify-between gap-2">
          <p className="text-sm font-medium text-slate-700">{t('webhooks.secret.verifyTitle')}</p>
          <CopyButton value={VERIFY_SNIPPET} />
        </div>
        <p className="text-xs text-slate-500">{t('webhooks.secret.verifyHint')}</p>
        <pre className="max-h-64 overflow-auto rounded-lg bg-slate-900 p-3 font-mono text-[11px] leading-relaxed text-slate-100" dir="ltr" data-testid="webhook-verify-snippet">
          {VERIFY_SNIPPET}
        </pre>
      </div>
      <p className="text-sm text-slate-600">
        {t('webhooks.secret.docs')}{' '}
        <code className="font-mono text-xs" dir="ltr">docs/webhooks.md</code>
        {', '}
        <code className="font-mono text-xs" dir="ltr">docs/api.md</code>
        {'. '}
        <a className="font-medium text-primary-700 hover:underline" href="/api/docs/" target="_blank" rel="noreferrer">
          {t('webhooks.secret.reference')}
        </a>
      </p>
    </div>
  );
}

/** Shows a secret once, in a dialog whose one button is Done. */
export function SecretModal({ secret, previousUntil, title, onClose }: { secret: string | null; previousUntil?: string | null; title: string; onClose: () => void }) {
  return (
    <ResultModal open={secret !== null} onClose={onClose} title={title} testId="webhook-secret-modal">
      {secret && <SecretPanel secret={secret} previousUntil={previousUntil} />}
    </ResultModal>
  );
}

/** Rolls the endpoint's secret: the old one keeps signing too for none, a day or a week; then shows the new one. */
export function RollSecretModal({ endpoint, onClose }: { endpoint: WebhookEndpoint | null; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { rollSecret } = useWebhookActions();
  const [overlap, setOverlap] = useState<number>(24);
  const [rolled, setRolled] = useState<RolledSecret | null>(null);
  const close = () => {
    setRolled(null);
    setOverlap(24);
    rollSecret.reset();
    onClose();
  };
  if (rolled) {
    return <SecretModal secret={rolled.secret} previousUntil={rolled.previousSecretUntil} title={t('webhooks.secret.rolledTitle')} onClose={close} />;
  }
  return (
    <Modal
      open={endpoint !== null}
      onClose={close}
      title={t('webhooks.roll.title')}
      description={t('webhooks.roll.subtitle')}
      testId="webhook-roll-modal"
      footer={
        <ModalActions onCancel={close}>
          <Button
            loading={rollSecret.isPending}
            data-testid="webhook-roll-confirm"
            onClick={() => endpoint && rollSecret.mutate({ id: endpoint.id, overlapHours: overlap }, { onSuccess: setRolled })}
          >
            {t('webhooks.roll.confirm')}
          </Button>
        </ModalActions>
      }
    >
      <fieldset className="space-y-2">
        <legend className="mb-2 text-sm font-medium text-slate-700">{t('webhooks.roll.overlap')}</legend>
        {OVERLAP_CHOICES.map((h) => (
          <label key={h} className="flex items-start gap-2 rounded-xl border border-slate-200 px-3 py-2 text-sm has-[:checked]:border-primary-300 has-[:checked]:bg-primary-50/60">
            <input type="radio" name="overlap" className="mt-0.5" checked={overlap === h} onChange={() => setOverlap(h)} value={h} />
            <span>
              <span className="font-medium text-slate-800">{t(`webhooks.roll.choices.h${h}`)}</span>
              <span className="block text-xs text-slate-500">{t(`webhooks.roll.hints.h${h}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {rollSecret.error ? <Alert tone="danger" className="mt-3">{errorText(rollSecret.error)}</Alert> : null}
    </Modal>
  );
}
