import { QRCodeSVG } from 'qrcode.react';
import { useTranslation } from 'react-i18next';
import type { Connection } from '../../../api/types';
import { Alert, Card, CardBody, CardHeader, Spinner } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { useQrStatus } from '../hooks/useWhatsapp';
import { awaitsScan } from '../status';

/** A QR session's link state: the code to scan with the phone (refreshed every few seconds) until it is connected. */
export function QrCard({ connection }: { connection: Connection }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const qr = useQrStatus(connection);
  const waiting = awaitsScan(connection);

  return (
    <Card data-testid="qr-card">
      <CardHeader
        title={t('whatsapp.qr.title')}
        description={waiting ? t('whatsapp.qr.scanHint') : undefined}
        actions={waiting && <Spinner className="text-primary-500" label={t('whatsapp.qr.polling')} />}
      />
      <CardBody className="space-y-4">
        {connection.status === 'connected' ? (
          <Alert tone="success">{t('whatsapp.qr.connected')}</Alert>
        ) : connection.qrCode ? (
          <div className="flex flex-col items-center gap-3">
            <div className="rounded-2xl border border-slate-200 bg-white p-4" data-testid="qr-code">
              <QRCodeSVG value={connection.qrCode} size={224} marginSize={0} title={t('whatsapp.qr.title')} />
            </div>
            <ol className="list-decimal space-y-1 ps-5 text-sm text-slate-600">
              <li>{t('whatsapp.qr.step1')}</li>
              <li>{t('whatsapp.qr.step2')}</li>
              <li>{t('whatsapp.qr.step3')}</li>
            </ol>
          </div>
        ) : waiting ? (
          <p className="text-sm text-slate-500">{t('whatsapp.qr.waiting')}</p>
        ) : (
          <Alert tone="warning">{t('whatsapp.qr.notLinked')}</Alert>
        )}
        {qr.isError && <Alert tone="danger">{errorText(qr.error)}</Alert>}
      </CardBody>
    </Card>
  );
}
