//! The widget settings' shapes, from the generated API types (contract: docs/widget.md).
import type { components } from '../../api/generated/schema';
import { LANGUAGES, type Language } from '../../i18n';

type Schemas = components['schemas'];

export type Widget = Schemas['Widget'];
export type CreateWidgetInput = Schemas['CreateWidgetInput'];
export type UpdateWidgetInput = Schemas['UpdateWidgetInput'];
export type Prechat = Schemas['Prechat'];
export type Ask = Schemas['Ask'];
export type VisitorInfo = Schemas['ConversationVisitor'];

/** The product's ten languages, in the order the settings list them. */
export const WIDGET_LANGUAGES: readonly Language[] = LANGUAGES.map((l) => l.code);
export type WidgetLanguage = Language;
export const ASKS: Ask[] = ['off', 'optional', 'required'];
