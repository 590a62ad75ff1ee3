//! The signed-in person's security page (`<area>/security`, also reached from `/settings/security`): two-factor
//! sign-in, remembered devices, sessions, and for owners the workspace's "require two-factor" switch.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActiveSession, TrustedDevice } from '../../../api/types';
import { Alert, Badge, Button, Card, CardBody, CardHeader, ConfirmModal, FormModal, Modal, QueryView, Switch, TextField } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatDateTime } from '../../../lib/format';
import { useSession } from '../../auth';
import {
  useDisableTwoFactor,
  useEndOtherSessions,
  useEndSession,
  useForgetDevice,
  usePolicy,
  useRegenerateCodes,
  useSessions,
  useSetPolicy,
  useTwoFactorStatus,
} from '../hooks';
import { EnrolTwoFactor } from './EnrolTwoFactor';
import { RecoveryCodes } from './RecoveryCodes';

const digits = (v: string) => v.replace(/\D/g, '').slice(0, 6);

function RegenerateModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const regenerate = useRegenerateCodes();
  const [code, setCode] = useState('');
  const close = () => {
    setCode('');
    regenerate.reset();
    onClose();
  };
  if (regenerate.data) {
    return (
      <Modal open={open} onClose={close} title={t('security.twoFactor.newCodes')} testId="regenerate-modal">
        <RecoveryCodes codes={regenerate.data.recoveryCodes} onDone={close} />
      </Modal>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    regenerate.mutate(code);
  };
  return (
    <FormModal
      open={open}
      onClose={close}
      title={t('security.twoFactor.newCodes')}
      description={t('security.twoFactor.newCodesBody')}
      testId="regenerate-modal"
      formId="regenerate-codes"
      onSubmit={submit}
      submitLabel={t('security.twoFactor.newCodesSubmit')}
      submitting={regenerate.isPending}
      error={regenerate.error ? errorText(regenerate.error) : null}
    >
      <TextField label={t('security.enrol.code')} name="code" id="regenerate-code" autoComplete="one-time-code" inputMode="numeric" required value={code} onChange={(e) => setCode(digits(e.target.value))} dir="ltr" />
    </FormModal>
  );
}

function DisableModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const disable = useDisableTwoFactor();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const close = () => {
    setPassword('');
    setCode('');
    disable.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    disable.mutate({ password, code: code.trim() }, { onSuccess: close });
  };
  return (
    <FormModal
      open={open}
      onClose={close}
      title={t('security.twoFactor.disableTitle')}
      description={t('security.twoFactor.disableBody')}
      testId="disable-modal"
      formId="disable-two-factor"
      onSubmit={submit}
      submitLabel={t('security.twoFactor.disable')}
      submitting={disable.isPending}
      error={disable.error ? errorText(disable.error) : null}
    >
      <TextField label={t('fields.currentPassword')} name="password" id="disable-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      <TextField label={t('security.twoFactor.codeOrRecovery')} name="code" id="disable-code" autoComplete="one-time-code" required value={code} onChange={(e) => setCode(e.target.value)} dir="ltr" />
    </FormModal>
  );
}

function TwoFactorCard() {
  const { t } = useTranslation();
  const status = useTwoFactorStatus();
  const [enrolling, setEnrolling] = useState(false);
  const [modal, setModal] = useState<'regenerate' | 'disable' | null>(null);
  return (
    <Card data-testid="two-factor-card">
      <CardHeader
        title={t('security.twoFactor.title')}
        description={t('security.twoFactor.subtitle')}
        actions={
          status.data &&
          (status.data.enabled ? (
            <Badge tone="success">{t('security.twoFactor.on')}</Badge>
          ) : (
            <Badge tone="neutral">{t('security.twoFactor.off')}</Badge>
          ))
        }
      />
      <CardBody>
        <QueryView query={status}>
          {(s) =>
            enrolling ? (
              <EnrolTwoFactor onDone={() => setEnrolling(false)} onCancel={() => setEnrolling(false)} />
            ) : s.enabled ? (
              <div className="space-y-4">
                <p className="text-sm text-slate-600" data-testid="recovery-codes-left">
                  {t('security.twoFactor.codesLeft', { count: s.recoveryCodesLeft })}
                </p>
                {s.recoveryCodesLeft <= 3 && <Alert tone="warning">{t('security.twoFactor.codesLow')}</Alert>}
                <div className="flex flex-wrap gap-2">
                  <Button variant="outline" onClick={() => setModal('regenerate')} data-testid="regenerate-codes">
                    {t('security.twoFactor.newCodes')}
                  </Button>
                  <Button variant="ghost" className="text-danger-700" onClick={() => setModal('disable')} data-testid="disable-two-factor">
                    {t('security.twoFactor.disable')}
                  </Button>
                </div>
                {s.required && <p className="text-xs text-slate-500">{t('security.twoFactor.requiredNote')}</p>}
              </div>
            ) : (
              <div className="space-y-4">
                <p className="text-sm text-slate-600">{t('security.twoFactor.offBody')}</p>
                {s.required && <Alert tone="warning">{t('security.twoFactor.requiredNote')}</Alert>}
                <Button onClick={() => setEnrolling(true)} data-testid="two-factor-start">
                  {t('security.twoFactor.start')}
                </Button>
              </div>
            )
          }
        </QueryView>
      </CardBody>
      <RegenerateModal open={modal === 'regenerate'} onClose={() => setModal(null)} />
      <DisableModal open={modal === 'disable'} onClose={() => setModal(null)} />
    </Card>
  );
}

function Row({ title, badge, meta, action, testId }: { title: string; badge?: ReactNode; meta: string; action?: ReactNode; testId: string }) {
  return (
    <li className="flex flex-wrap items-center gap-x-4 gap-y-2 py-3" data-testid={testId}>
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
          <span className="truncate">{title}</span>
          {badge}
        </p>
        <p className="mt-0.5 text-sm text-slate-500">{meta}</p>
      </div>
      {action}
    </li>
  );
}

function SessionsCard() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const sessions = useSessions();
  const end = useEndSession();
  const endOthers = useEndOtherSessions();
  const forget = useForgetDevice();
  const [confirmAll, setConfirmAll] = useState(false);
  const when = (iso: string) => formatDateTime(iso, i18n.language);
  const ip = (v?: string | null) => v || t('security.sessions.unknownIp');
  const sessionMeta = (s: ActiveSession) =>
    t('security.sessions.meta', { ip: ip(s.ip), started: when(s.createdAt), used: when(s.lastUsedAt) });
  const deviceMeta = (d: TrustedDevice) => t('security.devices.meta', { ip: ip(d.ip), added: when(d.createdAt), expires: when(d.expiresAt) });
  const others = sessions.data?.sessions.filter((s) => !s.current).length ?? 0;
  const failure = end.error ?? forget.error;

  return (
    <>
      <Card data-testid="sessions-card">
        <CardHeader
          title={t('security.sessions.title')}
          description={t('security.sessions.subtitle')}
          actions={
            others > 0 && (
              <Button variant="outline" size="sm" onClick={() => setConfirmAll(true)} data-testid="end-other-sessions">
                {t('security.sessions.endOthers')}
              </Button>
            )
          }
        />
        <CardBody className="py-2">
          {failure && <Alert tone="danger">{errorText(failure)}</Alert>}
          <QueryView query={sessions}>
            {(list) => (
              <ul className="divide-y divide-slate-100">
                {list.sessions.map((s) => (
                  <Row
                    key={s.id}
                    testId="session-row"
                    title={s.device}
                    badge={s.current && <Badge tone="primary">{t('security.sessions.thisDevice')}</Badge>}
                    meta={sessionMeta(s)}
                    action={
                      !s.current && (
                        <Button variant="outline" size="sm" loading={end.isPending && end.variables === s.id} onClick={() => end.mutate(s.id)} data-testid="end-session">
                          {t('security.sessions.end')}
                        </Button>
                      )
                    }
                  />
                ))}
              </ul>
            )}
          </QueryView>
        </CardBody>
      </Card>
      {sessions.data && sessions.data.trustedDevices.length > 0 && (
        <Card data-testid="devices-card">
          <CardHeader title={t('security.devices.title')} description={t('security.devices.subtitle')} />
          <CardBody className="py-2">
            <ul className="divide-y divide-slate-100">
              {sessions.data.trustedDevices.map((d) => (
                <Row
                  key={d.id}
                  testId="device-row"
                  title={d.device}
                  meta={deviceMeta(d)}
                  action={
                    <Button variant="outline" size="sm" loading={forget.isPending && forget.variables === d.id} onClick={() => forget.mutate(d.id)} data-testid="forget-device">
                      {t('security.devices.forget')}
                    </Button>
                  }
                />
              ))}
            </ul>
          </CardBody>
        </Card>
      )}
      <ConfirmModal
        open={confirmAll}
        title={t('security.sessions.endOthers')}
        body={t('security.sessions.endOthersBody', { count: others })}
        confirmLabel={t('security.sessions.endOthers')}
        danger
        loading={endOthers.isPending}
        error={endOthers.error ? errorText(endOthers.error) : null}
        onConfirm={() => endOthers.mutate(undefined, { onSuccess: () => setConfirmAll(false) })}
        onClose={() => setConfirmAll(false)}
      />
    </>
  );
}

function WorkspacePolicyCard() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const session = useSession();
  const policy = usePolicy(true);
  const set = useSetPolicy();
  return (
    <Card data-testid="workspace-policy-card">
      <CardHeader title={t('security.policy.title', { workspace: session.tenant?.name ?? '' })} />
      <CardBody className="space-y-3">
        {set.error && <Alert tone="danger">{errorText(set.error)}</Alert>}
        <QueryView query={policy}>
          {(p) => (
            <div className="flex items-start justify-between gap-4">
              <div className="min-w-0">
                <p className="font-medium text-slate-900">{t('security.policy.require')}</p>
                <p className="mt-0.5 text-sm text-slate-500">{t('security.policy.requireBody')}</p>
              </div>
              <Switch on={p.requireTwoFactor} busy={set.isPending} onChange={(on) => set.mutate(on)} label={t('security.policy.require')} testId="require-two-factor" />
            </div>
          )}
        </QueryView>
      </CardBody>
    </Card>
  );
}

export function SecurityPage() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <div className="space-y-6" data-testid="security-page">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t('security.title')}</h1>
        <p className="mt-1 text-sm text-slate-500">{t('security.subtitle')}</p>
      </div>
      <TwoFactorCard />
      <SessionsCard />
      {session.role === 'owner' && session.tenant && <WorkspacePolicyCard />}
    </div>
  );
}
