//! The security and enrolment pages' strings load with them (not with the first page): see `addLazyStrings`. The
//! sidebar entry (`twoFactor.nav`) is in the main bundle.
import { addLazyStrings } from '../../i18n';
import { loadTwoFactorLoginStrings } from '../auth/strings';

/** The pages' own strings and the two-factor error codes (kept with the login's second step). */
export async function loadSecurityStrings(): Promise<void> {
  await Promise.all([
    addLazyStrings('security'),
    loadTwoFactorLoginStrings(),
  ]);
}
