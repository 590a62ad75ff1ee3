//! The ten recovery codes, shown once (after enrolment or regeneration): copy, download as .txt, then done.
import { useTranslation } from 'react-i18next';
import { Alert, Button, CopyButton, Icon } from '../../../components/ui';

function download(codes: string[], heading: string) {
  const blob = new Blob([`${heading}\n\n${codes.join('\n')}\n`], { type: 'text/plain;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = 'parley-recovery-codes.txt';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked on the next turn: the download has started by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function RecoveryCodes({ codes, onDone, doneLabel }: { codes: string[]; onDone: () => void; doneLabel?: string }) {
  const { t } = useTranslation();
  return (
    <div className="space-y-4" data-testid="recovery-codes">
      <Alert tone="warning" title={t('security.codes.title')}>
        {t('security.codes.body')}
      </Alert>
      <ol className="grid grid-cols-1 gap-2 rounded-xl border border-slate-200 bg-slate-50 p-4 font-mono text-sm text-slate-900 min-[360px]:grid-cols-2" dir="ltr">
        {codes.map((c) => (
          <li key={c} data-testid="recovery-code" className="rounded-lg bg-white px-3 py-1.5 text-center tracking-wider">
            {c}
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-2">
        <CopyButton value={codes.join('\n')} />
        <Button variant="outline" onClick={() => download(codes, t('security.codes.fileHeading'))} data-testid="recovery-codes-download">
          <Icon name="download" className="size-4" />
          {t('security.codes.download')}
        </Button>
        <Button onClick={onDone} className="ms-auto" data-testid="recovery-codes-done">
          {doneLabel ?? t('security.codes.done')}
        </Button>
      </div>
    </div>
  );
}
