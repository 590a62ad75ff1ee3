//! The inbox's keyboard shortcuts: which key does what, kept pure for tests (the page listens and acts).

export type InboxAction = 'next' | 'previous' | 'help';

export interface KeyLike {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  /** Whether the key went to a text box, a select or an editable element. */
  inField: boolean;
}

/**
 * j / Alt+↓: next conversation; k / Alt+↑: previous; ?: the shortcut help. Plain letters are ignored while typing
 * in a field, the Alt+arrows work everywhere.
 */
export function inboxAction(e: KeyLike): InboxAction | null {
  if (e.altKey && !e.ctrlKey && !e.metaKey) {
    if (e.key === 'ArrowDown') return 'next';
    if (e.key === 'ArrowUp') return 'previous';
    return null;
  }
  if (e.inField || e.altKey || e.ctrlKey || e.metaKey) return null;
  if (e.key === 'j') return 'next';
  if (e.key === 'k') return 'previous';
  if (e.key === '?') return 'help';
  return null;
}

/** The conversation `step` away from `current` in the list (the first or last when none is open), or null. */
export function neighbour(ids: string[], current: string | undefined, step: 1 | -1): string | null {
  if (ids.length === 0) return null;
  const at = current ? ids.indexOf(current) : -1;
  if (at < 0) return (step > 0 ? ids[0] : ids[ids.length - 1]) ?? null;
  const next = at + step;
  if (next < 0 || next >= ids.length) return null;
  return ids[next] ?? null;
}

export function isField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** What the help dialog lists: keys, and the translation key of what they do. */
export const SHORTCUT_HELP: { keys: string[]; what: 'next' | 'previous' | 'send' | 'newLine' | 'canned' | 'close' | 'help' }[] = [
  { keys: ['j', 'Alt+↓'], what: 'next' },
  { keys: ['k', 'Alt+↑'], what: 'previous' },
  { keys: ['Enter', 'Ctrl+Enter', '⌘+Enter'], what: 'send' },
  { keys: ['Shift+Enter'], what: 'newLine' },
  { keys: ['/'], what: 'canned' },
  { keys: ['Esc'], what: 'close' },
  { keys: ['?'], what: 'help' },
];
