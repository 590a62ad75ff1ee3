import { describe, expect, it } from 'vitest';
import { fillTemplate, templateBody, templateComponents, templateVariables } from './templates';

const tpl = (text: string) => ({ components: [{ type: 'HEADER', text: 'Hi' }, { type: 'BODY', text }] });

describe('templates', () => {
  it('finds the body and its variables, each once, in order', () => {
    expect(templateBody(tpl('Your order {{1}} is {{2}}.'))).toBe('Your order {{1}} is {{2}}.');
    expect(templateVariables(tpl('Your order {{1}} is {{2}}. Again: {{1}}'))).toEqual(['1', '2']);
    expect(templateVariables(tpl('Hello {{ name }}'))).toEqual(['name']);
    expect(templateVariables({ components: null })).toEqual([]);
  });

  it('builds body parameters: positional in order, named by parameter_name', () => {
    expect(templateComponents(['2', '1'], { 1: ' #1042 ', 2: 'on its way' })).toEqual([
      { type: 'body', parameters: [{ type: 'text', text: '#1042' }, { type: 'text', text: 'on its way' }] },
    ]);
    expect(templateComponents(['name'], { name: 'Ana' })).toEqual([
      { type: 'body', parameters: [{ type: 'text', text: 'Ana', parameter_name: 'name' }] },
    ]);
    expect(templateComponents([], {})).toBeUndefined();
  });

  it('previews the body with the values filled in', () => {
    expect(fillTemplate('Hello {{1}}, order {{2}}', { 1: 'Ana' })).toBe('Hello Ana, order {{2}}');
  });
});
