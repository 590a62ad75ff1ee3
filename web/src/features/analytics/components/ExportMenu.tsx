//! Export: the current tab's report for the current range and filters, as CSV or JSON, downloaded with the session.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Icon, MenuItem, Popover } from '../../../components/ui';
import type { ExportFormat } from '../api';

export function ExportMenu({ onExport, busy }: { onExport: (format: ExportFormat) => void; busy: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const pick = (format: ExportFormat) => {
    setOpen(false);
    onExport(format);
  };
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      align="end"
      label={t('analytics.export.button')}
      testId="export-menu"
      panelClassName="w-44"
      trigger={
        <Button variant="outline" size="sm" onClick={() => setOpen((o) => !o)} loading={busy} aria-expanded={open} data-testid="export-button">
          <Icon name="download" className="size-4" />
          {t('analytics.export.button')}
        </Button>
      }
    >
      <MenuItem onClick={() => pick('csv')} data-testid="export-csv">
        {t('analytics.export.csv')}
      </MenuItem>
      <MenuItem onClick={() => pick('json')} data-testid="export-json">
        {t('analytics.export.json')}
      </MenuItem>
    </Popover>
  );
}
