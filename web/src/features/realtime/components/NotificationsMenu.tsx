import { useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon, IconButton, Popover } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import {
  desktopPermission,
  getNotifyPrefs,
  playChime,
  requestDesktopPermission,
  setNotifyPrefs,
  subscribeNotifyPrefs,
  unlockSound,
  type DesktopPermission,
} from '../notify';

function Toggle({ checked, onChange, label, hint, testId }: { checked: boolean; onChange: (v: boolean) => void; label: string; hint?: string; testId: string }) {
  return (
    <label className="flex cursor-pointer items-start gap-3 rounded-lg px-3 py-2 hover:bg-slate-50">
      <input
        type="checkbox"
        className="mt-0.5 size-4 shrink-0 accent-primary-600"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        data-testid={testId}
      />
      <span className="min-w-0">
        <span className="block text-sm font-medium text-slate-800">{label}</span>
        {hint && <span className="block text-xs text-slate-500">{hint}</span>}
      </span>
    </label>
  );
}

/** The bell: desktop notifications (asks the browser's permission from this click) and the sound. */
export function NotificationsMenu() {
  const { t } = useTranslation();
  const prefs = useSyncExternalStore(subscribeNotifyPrefs, getNotifyPrefs, getNotifyPrefs);
  const [open, setOpen] = useState(false);
  const [permission, setPermission] = useState<DesktopPermission>(desktopPermission);
  const on = (prefs.desktop && permission === 'granted') || prefs.sound;

  const toggleDesktop = async (enable: boolean) => {
    unlockSound();
    if (!enable) {
      setNotifyPrefs({ desktop: false });
      return;
    }
    const answer = await requestDesktopPermission();
    setPermission(answer);
    setNotifyPrefs({ desktop: answer === 'granted' });
  };

  const toggleSound = (enable: boolean) => {
    unlockSound();
    setNotifyPrefs({ sound: enable });
    if (enable) playChime();
  };

  const hint =
    permission === 'denied'
      ? t('realtime.notify.denied')
      : permission === 'unsupported'
        ? t('realtime.notify.unsupported')
        : t('realtime.notify.desktopHint');

  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      align="end"
      testId="notifications-menu"
      label={t('realtime.notify.title')}
      panelClassName="w-72"
      trigger={
        <IconButton
          icon={on ? 'bell' : 'bellOff'}
          label={t('realtime.notify.title')}
          onClick={() => {
            unlockSound();
            setOpen((o) => !o);
          }}
          aria-expanded={open}
          className={cn(on && 'text-primary-600')}
          data-testid="notifications-button"
          data-enabled={on}
        />
      }
    >
      <p className="flex items-center gap-2 px-3 pt-2 pb-1 text-sm font-semibold text-slate-900">
        <Icon name="bell" className="size-4 text-slate-400" />
        {t('realtime.notify.title')}
      </p>
      <Toggle
        checked={prefs.desktop && permission === 'granted'}
        onChange={(v) => void toggleDesktop(v)}
        label={t('realtime.notify.desktop')}
        hint={hint}
        testId="notifications-desktop-toggle"
      />
      <Toggle checked={prefs.sound} onChange={toggleSound} label={t('realtime.notify.sound')} hint={t('realtime.notify.soundHint')} testId="notifications-sound-toggle" />
    </Popover>
  );
}
