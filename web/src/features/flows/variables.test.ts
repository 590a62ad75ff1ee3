import { describe, expect, it } from 'vitest';
import { menuGraph } from './test/graphs';
import { filterChoices, insertVariable, references, variableChoices, variablesSetByNodes } from './variables';

describe('variable picker', () => {
  it('lists contact paths, custom fields, declared and node-set variables, and the message', () => {
    const g = menuGraph();
    g.nodes.push(
      { id: 'cap', position: { x: 0, y: 0 }, type: 'capture', data: { text: '', input: { kind: 'email' }, saveAs: 'email' } },
      { id: 'api', position: { x: 0, y: 0 }, type: 'http', data: { url: 'https://x', responseMap: [{ var: 'status', path: 'order.status' }], saveStatusAs: 'code' } },
      { id: 'set', position: { x: 0, y: 0 }, type: 'setVariable', data: { name: 'order_id', value: '1' } },
    );
    const paths = variableChoices(g, [{ key: 'city', label: 'City' }]).map((c) => c.path);
    expect(paths).toEqual([
      'contact.name',
      'contact.phone',
      'contact.email',
      'contact.fields.city',
      'vars.order_id',
      'vars.email',
      'vars.status',
      'vars.code',
      'message.text',
    ]);
    expect(variablesSetByNodes(g).get('status')).toBe('api');
  });

  it('filters by path or hint', () => {
    const choices = variableChoices(menuGraph(), [{ key: 'city', label: 'Town' }]);
    expect(filterChoices(choices, 'town').map((c) => c.path)).toEqual(['contact.fields.city']);
    expect(filterChoices(choices, '  ')).toHaveLength(choices.length);
  });
});

describe('inserting a variable', () => {
  it('inserts at the caret and puts the caret after it', () => {
    expect(insertVariable('Hi !', 3, 3, 'contact.name')).toEqual({ value: 'Hi {{contact.name}}!', caret: 19 });
  });

  it('replaces the selected text', () => {
    expect(insertVariable('Hi NAME!', 3, 7, 'contact.name')).toEqual({ value: 'Hi {{contact.name}}!', caret: 19 });
  });

  it('completes braces the author already opened instead of doubling them', () => {
    expect(insertVariable('Hi {{', 5, 5, 'contact.name').value).toBe('Hi {{contact.name}}');
    expect(insertVariable('Hi {{ con', 9, 9, 'contact.name').value).toBe('Hi {{contact.name}}');
    expect(insertVariable('Hi {{con}} there', 8, 8, 'contact.name')).toEqual({ value: 'Hi {{contact.name}} there', caret: 19 });
  });

  it('clamps a caret outside the text', () => {
    expect(insertVariable('ab', 10, 12, 'vars.x')).toEqual({ value: 'ab{{vars.x}}', caret: 12 });
  });

  it('lists the references of a text', () => {
    expect(references('Hi {{ contact.name }}, order {{vars.order.items[0]}} {{}}')).toEqual(['contact.name', 'vars.order.items[0]', '']);
  });
});
