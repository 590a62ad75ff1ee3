import { describe, expect, it } from 'vitest';
import { getNotifyPrefs, setNotifyPrefs, shouldNotify } from './notify';

describe('notifications', () => {
  it('notify unless the person is looking at that very conversation', () => {
    expect(shouldNotify('c1', 'c1', false)).toBe(false);
    expect(shouldNotify('c1', 'c1', true)).toBe(true);
    expect(shouldNotify('c1', 'c2', false)).toBe(true);
    expect(shouldNotify('c1', null, false)).toBe(true);
  });

  it('remembers the choice: sound on and desktop off until asked', () => {
    expect(getNotifyPrefs()).toEqual({ desktop: false, sound: true });
    setNotifyPrefs({ sound: false });
    expect(getNotifyPrefs()).toEqual({ desktop: false, sound: false });
    expect(JSON.parse(localStorage.getItem('parley.notify') ?? '{}')).toEqual({ desktop: false, sound: false });
  });
});
