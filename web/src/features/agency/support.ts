//! Support entries on the web: when the banner's session leaves by itself (a little before the entry ends, while its
//! token still works to switch back), and the durations the open-as-support dialog offers.

/** How long before the entry ends the app switches back to the agency (the server refuses the session after). */
export const LEAVE_EARLY_MS = 20_000;

/** Milliseconds from `now` until the app should leave the client (0: now). */
export function msUntilLeave(expiresAt: string, now: number): number {
  const end = Date.parse(expiresAt);
  if (Number.isNaN(end)) return 0;
  return Math.max(0, end - LEAVE_EARLY_MS - now);
}

/** Support durations offered in the open-as-support dialog, in minutes (the server takes 15 to 480). */
export const SUPPORT_MINUTES = [15, 30, 60, 120, 240, 480] as const;
