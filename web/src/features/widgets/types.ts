//! The widget settings' shapes, from the generated API types (contract: docs/widget.md).
import type { components } from '../../api/generated/schema';

type Schemas = components['schemas'];

export type Widget = Schemas['Widget'];
export type CreateWidgetInput = Schemas['CreateWidgetInput'];
export type UpdateWidgetInput = Schemas['UpdateWidgetInput'];
export type Prechat = Schemas['Prechat'];
export type Ask = Schemas['Ask'];
export type VisitorInfo = Schemas['ConversationVisitor'];

/** The product's ten languages, in the order the settings list them. */
export const WIDGET_LANGUAGES = ['en', 'es', 'fr', 'de', 'pt', 'ar', 'hi', 'zh', 'ja', 'ru'] as const;
export type WidgetLanguage = (typeof WIDGET_LANGUAGES)[number];
export const ASKS: Ask[] = ['off', 'optional', 'required'];
