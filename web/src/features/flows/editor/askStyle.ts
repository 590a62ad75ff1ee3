//! How WhatsApp will show an ask: up to 3 plain options as reply buttons; 4 to 10, or any option with a description
//! or a section, as a list (docs/flows.md "ask").
import type { FlowAsk } from '../types';

export const MAX_BUTTONS = 3;
export const MAX_OPTIONS = 10;
export const BUTTON_TITLE_MAX = 20;
export const ROW_TITLE_MAX = 24;
export const ROW_DESCRIPTION_MAX = 72;
export const LIST_BUTTON_MAX = 20;
export const INTERACTIVE_BODY_MAX = 1024;
export const TEXT_MAX = 4096;

export function askStyle(a: Pick<FlowAsk, 'options'>): 'buttons' | 'list' {
  const plain = a.options.every((o) => !o.description && !o.section);
  return plain && a.options.length <= MAX_BUTTONS ? 'buttons' : 'list';
}

/** The longest an option's title may be as it will be sent. */
export function titleMax(a: Pick<FlowAsk, 'options'>): number {
  return askStyle(a) === 'buttons' ? BUTTON_TITLE_MAX : ROW_TITLE_MAX;
}
