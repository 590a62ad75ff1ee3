//! Pure helpers of the widget: ids, the wa.me link, attachment checks, colours, status order.
import type { Status } from './types';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_TEXT = 4096;
export const ACCEPTED = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf'];

export function uuid(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; an http:// host page still gets a v4 id from getRandomValues.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The "continue on WhatsApp" link: the widget's prefilled text carries the visitor's reference for the agent. */
export function whatsappLink(number: string, text: string, ref: string | null): string {
  const digits = number.replace(/\D/g, '');
  const body = ref ? `${text} (ref: ${ref})` : text;
  return `https://wa.me/${digits}?text=${encodeURIComponent(body)}`;
}

/** Why a file cannot be sent, checked before uploading so a 50 MB file is not pushed over the visitor's network. */
export function fileProblem(file: { size: number; type: string }): 'tooBig' | 'type' | null {
  if (!ACCEPTED.includes(file.type)) return 'type';
  if (file.size > MAX_FILE_BYTES) return 'tooBig';
  return null;
}

/** Black or white, whichever reads better on the widget's colour (WCAG relative luminance). */
export function textOn(color: string): '#000000' | '#ffffff' {
  const m = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(color.trim());
  if (!m?.[1]) return '#ffffff';
  const hex = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  const lin = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(0) + 0.7152 * lin(2) + 0.0722 * lin(4);
  // Contrast with white is 1.05/(l+0.05), with black (l+0.05)/0.05: pick the larger.
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#ffffff' : '#000000';
}

/** A colour the widget may put in CSS: only hex, so a widget's settings cannot inject style rules. */
export function safeColor(color: string | null | undefined, fallback = '#25d366'): string {
  return color && /^#([0-9a-f]{6}|[0-9a-f]{3})$/i.test(color.trim()) ? color.trim() : fallback;
}

const RANK: Record<Status, number> = { pending: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

/** Statuses only move forward (sent < delivered < read), whatever order the events arrive in; failed is final. */
export function laterStatus(current: Status, incoming: Status): Status {
  if (current === 'failed') return current;
  return RANK[incoming] > RANK[current] ? incoming : current;
}

/** `{{name}}` placeholders filled from `vars`; unknown ones left as they are. */
export function fill(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/{{\s*(\w+)\s*}}/g, (whole, k: string) => (k in vars ? String(vars[k]) : whole));
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
