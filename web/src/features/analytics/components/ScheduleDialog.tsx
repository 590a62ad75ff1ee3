//! The weekly report by mail (managers and owners): the weekday and hour it is sent at, in the workspace's time zone;
//! saved, changed or turned off here.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Field, FormModal, Select } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { hourLabel, weekdayNames } from '../format';
import { useScheduleActions } from '../hooks';
import type { ReportSchedule } from '../types';


export function ScheduleDialog({ open, onClose, schedule }: { open: boolean; onClose: () => void; schedule: ReportSchedule | null }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const { save, remove } = useScheduleActions();
  const [weekday, setWeekday] = useState(schedule?.weekday ?? 1);
  const [hour, setHour] = useState(schedule?.hour ?? 8);
  const days = weekdayNames(i18n.language, 'long');
  const error = save.error ?? remove.error;

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    save.mutate({ weekday, hour }, { onSuccess: onClose });
  };

  return (
    <FormModal
      open={open}
      onClose={onClose}
      title={t('analytics.schedule.title')}
      description={t('analytics.schedule.description')}
      testId="schedule-dialog"
      formId="analytics-schedule"
      onSubmit={submit}
      submitLabel={t('analytics.schedule.save')}
      submitting={save.isPending}
      submitTestId="schedule-save"
      error={error ? errorText(error) : null}
    >
      <Alert tone="info">
        {schedule
          ? t('analytics.schedule.current', { day: days[schedule.weekday - 1] ?? '', hour: hourLabel(schedule.hour, i18n.language) })
          : t('analytics.schedule.none')}
      </Alert>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t('analytics.schedule.weekday')} htmlFor="schedule-weekday">
          <Select id="schedule-weekday" value={weekday} onChange={(e) => setWeekday(Number(e.target.value))} data-testid="schedule-weekday">
            {days.map((d, i) => (
              <option key={d} value={i + 1}>
                {d}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('analytics.schedule.hour')} htmlFor="schedule-hour">
          <Select id="schedule-hour" value={hour} onChange={(e) => setHour(Number(e.target.value))} data-testid="schedule-hour">
            {Array.from({ length: 24 }, (_, h) => (
              <option key={h} value={h}>
                {hourLabel(h, i18n.language)}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {schedule && (
        <Button variant="danger" size="sm" loading={remove.isPending} onClick={() => remove.mutate(undefined, { onSuccess: onClose })} data-testid="schedule-off">
          {t('analytics.schedule.turnOff')}
        </Button>
      )}
    </FormModal>
  );
}
