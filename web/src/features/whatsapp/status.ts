//! How a number's connection status reads: its badge colour, and whether its QR code still waits to be scanned.
import type { BadgeTone } from '../../components/ui';
import type { Connection } from '../../api/types';

export const CONNECTION_STATUSES = ['pending', 'connected', 'disconnected', 'need_scan', 'needs_attention'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

export function isConnectionStatus(value: string): value is ConnectionStatus {
  return (CONNECTION_STATUSES as readonly string[]).includes(value);
}

const TONES: Record<ConnectionStatus, BadgeTone> = {
  connected: 'success',
  pending: 'warning',
  need_scan: 'accent',
  disconnected: 'neutral',
  needs_attention: 'danger',
};

export function connectionTone(status: string): BadgeTone {
  return isConnectionStatus(status) ? TONES[status] : 'neutral';
}

/** A QR session whose code has not been scanned yet: its status is worth polling. */
export function awaitsScan(c: Pick<Connection, 'kind' | 'status'>): boolean {
  return c.kind === 'wasender' && (c.status === 'need_scan' || c.status === 'pending');
}

/** Meta's template review states; anything else (paused, disabled, ...) is shown plainly. */
export function templateTone(status: string): BadgeTone {
  switch (status.toUpperCase()) {
    case 'APPROVED':
      return 'success';
    case 'PENDING':
    case 'IN_APPEAL':
      return 'warning';
    case 'REJECTED':
    case 'DISABLED':
      return 'danger';
    default:
      return 'neutral';
  }
}

/** Webhook deliveries: `received` and `processing` are on their way, `processed` done, `failed` gave up. */
export function webhookTone(status: string): BadgeTone {
  if (status === 'processed') return 'success';
  if (status === 'failed') return 'danger';
  return 'neutral';
}
