import { describe, expect, it } from 'vitest';
import { menuGraph } from './test/graphs';
import { canSkip, chatLines, detailLines, lightPath, tappableLine, waitingOf } from './transcript';

const transcript = [
  { from: 'customer', type: 'text', content: { text: 'menu' }, at: '2026-01-01T10:00:00Z' },
  { from: 'bot', node: 'hi', type: 'text', content: { text: 'Hello Ana' } },
  { from: 'bot', node: 'ask', type: 'buttons', content: { text: 'Pick one', buttons: [{ id: 'yes', title: 'Yes' }, { id: 'no', title: 'No' }] } },
  {
    from: 'bot',
    node: 'list',
    type: 'list',
    content: { text: 'Which?', listButton: 'Choose', sections: [{ title: 'Plans', rows: [{ id: 'a', title: 'Basic', description: 'Cheap' }, { id: 'b', title: 'Pro', description: null }] }] },
  },
  { from: 'system', node: 'api', text: 'HTTP GET https://x → 200' },
  { from: 'bot', type: 'image', content: { caption: 'Look' } },
  { from: 'bot', type: 'template', content: { template: { name: 'welcome', language: 'en_US' } } },
  { from: 'customer', type: 'text', content: { text: 'Yes' }, replyId: 'yes' },
  'garbage',
];

describe('sandbox transcript', () => {
  it('reads each entry as a typed chat line', () => {
    const lines = chatLines(transcript);
    expect(lines[0]).toEqual({ from: 'customer', text: 'menu', replyId: undefined, at: '2026-01-01T10:00:00Z' });
    expect(lines[1]).toMatchObject({ from: 'bot', kind: 'text', text: 'Hello Ana', node: 'hi' });
    expect(lines[2]).toMatchObject({ kind: 'buttons', buttons: [{ id: 'yes', title: 'Yes' }, { id: 'no', title: 'No' }] });
    expect(lines[3]).toMatchObject({
      kind: 'list',
      button: 'Choose',
      sections: [{ title: 'Plans', rows: [{ id: 'a', title: 'Basic', description: 'Cheap' }, { id: 'b', title: 'Pro' }] }],
    });
    expect(lines[4]).toEqual({ from: 'system', text: 'HTTP GET https://x → 200', node: 'api', at: undefined });
    expect(lines[5]).toMatchObject({ kind: 'media', mediaKind: 'image', caption: 'Look' });
    expect(lines[6]).toMatchObject({ kind: 'template', name: 'welcome', language: 'en_US' });
    expect(lines[7]).toMatchObject({ from: 'customer', text: 'Yes', replyId: 'yes' });
    expect(lines[8]).toEqual({ from: 'system', text: '', node: undefined, at: undefined });
  });

  it('lets only the last interactive message be tapped, while the run waits for a reply', () => {
    const lines = chatLines(transcript.slice(0, 4));
    expect(tappableLine(lines, true)).toBe(3);
    expect(tappableLine(lines, false)).toBe(-1);
    expect(tappableLine(chatLines(transcript.slice(0, 8)), true)).toBe(-1);
    expect(tappableLine(chatLines(transcript.slice(0, 2)), true)).toBe(-1);
  });

  it('reads what the run waits for and whether the wait can be skipped', () => {
    expect(waitingOf({ kind: 'timer', node: 'w', until: '2026-01-01T11:00:00Z' })).toEqual({ kind: 'timer', node: 'w', until: '2026-01-01T11:00:00Z' });
    expect(canSkip(waitingOf({ kind: 'timer' }))).toBe(true);
    expect(canSkip(waitingOf({ kind: 'reply', timeout: true }))).toBe(true);
    expect(canSkip(waitingOf({ kind: 'reply', timeout: false }))).toBe(false);
    expect(canSkip(waitingOf(null))).toBe(false);
    expect(waitingOf({ kind: 'dance' })).toBeNull();
  });

  it('lights the nodes visited and the edges taken', () => {
    const light = lightPath(
      [
        { node: 'start', outcome: 'next' },
        { node: 'ask', outcome: null },
        { node: 'ask', outcome: 'option:yes' },
        { node: 'send', outcome: 'next' },
        { node: 'ask', outcome: 'option:yes' },
        { node: 'send', outcome: 'next' },
      ],
      menuGraph(),
    );
    expect([...light.nodes]).toEqual(['start', 'ask', 'send']);
    expect([...light.edges]).toEqual(['e1', 'e2', 'e4']);
    // Asked and answered is one visit; coming back is another.
    expect(light.visits.get('ask')).toBe(2);
    expect(light.visits.get('send')).toBe(2);
    expect(light.visits.get('start')).toBe(1);
  });

  it('shows a step detail as key: value lines', () => {
    expect(detailLines({ text: 'Hi', status: 200, skipped: null, vars: { a: 1 } })).toEqual(['text: Hi', 'status: 200', 'vars: {"a":1}']);
    expect(detailLines('x')).toEqual(['x']);
    expect(detailLines(null)).toEqual([]);
  });
});
