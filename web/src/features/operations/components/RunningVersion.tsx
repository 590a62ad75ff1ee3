//! The running Parley version, shown to the platform admin under its sidebar (from `GET /config`).
import { useConfig } from '../../config';

export function RunningVersion() {
  const config = useConfig();
  if (!config.data?.version) return null;
  return (
    <p className="px-5 pb-3 text-center text-xs text-slate-400" dir="ltr" data-testid="running-version">
      Parley {config.data.version}
    </p>
  );
}
