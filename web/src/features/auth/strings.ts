//! The login's second step (and the two-factor error codes) load their strings on demand, only when a code is owed:
//! most sign-ins never need them, and the first page's JavaScript has a budget. See `addLazyStrings`.
import { addLazyStrings } from '../../i18n';

export function loadTwoFactorLoginStrings(): Promise<void> {
  return addLazyStrings('signin2fa');
}
