//! The new-template form's fields, and the body they make: Meta's `components` array with sample values.
import type { CreateTemplateInput } from '../../api/types';

export const TEMPLATE_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

/** Fields the server checks and may answer errors for. */
export const TEMPLATE_FIELDS = ['name', 'language', 'category', 'components'] as const;

export interface TemplateForm {
  name: string;
  language: string;
  category: TemplateCategory;
  header: string;
  body: string;
  footer: string;
}

export const EMPTY_TEMPLATE_FORM: TemplateForm = { name: '', language: 'en', category: 'UTILITY', header: '', body: '', footer: '' };

/** Sample values by variable number. */
export type TemplateExamples = Record<number, string>;

export type TemplateComponent =
  | { type: 'HEADER'; format: 'TEXT'; text: string }
  | { type: 'BODY'; text: string; example?: { body_text: string[][] } }
  | { type: 'FOOTER'; text: string };

/** Only the exact `{{n}}` form counts: Meta does not accept spaces inside the braces. */
const VARIABLE = /\{\{(\d+)\}\}/g;

/**
 * The variable numbers a body uses, each once, lowest first. Sorted by number rather than by where they appear,
 * because Meta reads the n-th sample value as the one for `{{n}}`.
 */
export function templateVariables(body: string): number[] {
  const found = new Set<number>();
  for (const m of body.matchAll(VARIABLE)) found.add(Number(m[1]));
  return [...found].sort((a, b) => a - b);
}

/** Meta's components: header and footer only when filled in, the body with one sample value per variable. */
export function templateComponents(form: Pick<TemplateForm, 'header' | 'body' | 'footer'>, examples: TemplateExamples): TemplateComponent[] {
  const header = form.header.trim();
  const body = form.body.trim();
  const footer = form.footer.trim();
  const variables = templateVariables(body);
  const components: TemplateComponent[] = [];
  if (header) components.push({ type: 'HEADER', format: 'TEXT', text: header });
  components.push(
    variables.length > 0
      ? { type: 'BODY', text: body, example: { body_text: [variables.map((n) => (examples[n] ?? '').trim())] } }
      : { type: 'BODY', text: body },
  );
  if (footer) components.push({ type: 'FOOTER', text: footer });
  return components;
}

export function templateInput(form: TemplateForm, examples: TemplateExamples): CreateTemplateInput {
  return {
    name: form.name.trim(),
    language: form.language.trim(),
    category: form.category,
    components: templateComponents(form, examples),
  };
}

export const exampleField = (n: number) => `example${n}`;

/**
 * Form fields left empty that must be filled in: the body, and a sample for each of its variables. The server only
 * checks that `components` is a list, so without this Meta would refuse the template with a less helpful message.
 */
export function missingTemplateFields(form: TemplateForm, examples: TemplateExamples): string[] {
  if (!form.body.trim()) return ['body'];
  return templateVariables(form.body)
    .filter((n) => !(examples[n] ?? '').trim())
    .map(exampleField);
}
