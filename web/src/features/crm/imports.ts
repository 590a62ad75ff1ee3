//! The import's column mapping: the targets a column may go to, what is wrong with a mapping before it is sent,
//! and when an import has finished.
import type { ContactField } from './types';

export const BASE_TARGETS = ['skip', 'name', 'phone', 'email', 'company', 'notes', 'labels'] as const;

/** Regions offered as the default country of numbers written without a `+`. */
export const IMPORT_COUNTRIES = [
  'AE', 'AR', 'AU', 'BE', 'BH', 'BR', 'CA', 'CH', 'CL', 'CO', 'DE', 'DZ', 'EG', 'ES', 'FR', 'GB', 'ID', 'IE', 'IN', 'IQ', 'IT',
  'JO', 'KE', 'KW', 'LB', 'MA', 'MX', 'MY', 'NG', 'NL', 'OM', 'PE', 'PH', 'PK', 'PT', 'QA', 'SA', 'SE', 'TN', 'TR', 'US', 'ZA',
] as const;

export function importTargets(fields: readonly ContactField[]): string[] {
  return [...BASE_TARGETS, ...fields.map((f) => `field.${f.key}`)];
}

export type MappingProblem = { kind: 'no_phone'; target: 'phone' } | { kind: 'duplicate'; target: string };

/** Exactly one column must be `phone`; any other target but `skip` and `labels` may be used once. */
export function mappingProblems(mapping: Record<string, string>): MappingProblem[] {
  const used = new Map<string, number>();
  for (const target of Object.values(mapping)) used.set(target, (used.get(target) ?? 0) + 1);
  const problems: MappingProblem[] = [];
  if (!used.has('phone')) problems.push({ kind: 'no_phone', target: 'phone' });
  for (const [target, n] of used) {
    if (n > 1 && target !== 'skip' && target !== 'labels') problems.push({ kind: 'duplicate', target });
  }
  return problems;
}

export function isFinished(status: string): boolean {
  return status === 'done' || status === 'failed';
}
