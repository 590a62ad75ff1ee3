//! Desktop notifications and a short chime (made with the Web Audio API: no audio file) for new messages, and the
//! person's choice of both (kept in localStorage). Browsers allow both only after a gesture: the permission is asked
//! from a click, and the audio context is resumed on the first click or key press.

export interface NotifyPrefs {
  desktop: boolean;
  sound: boolean;
}

const PREFS_KEY = 'parley.notify';
const DEFAULT_PREFS: NotifyPrefs = { desktop: false, sound: true };

let prefs: NotifyPrefs | null = null;
const prefListeners = new Set<() => void>();

function readPrefs(): NotifyPrefs {
  try {
    const raw = JSON.parse(localStorage.getItem(PREFS_KEY) ?? 'null') as Partial<NotifyPrefs> | null;
    return { desktop: raw?.desktop === true, sound: raw?.sound !== false };
  } catch {
    return DEFAULT_PREFS;
  }
}

export function getNotifyPrefs(): NotifyPrefs {
  prefs ??= readPrefs();
  return prefs;
}

export function subscribeNotifyPrefs(listener: () => void): () => void {
  prefListeners.add(listener);
  return () => prefListeners.delete(listener);
}

export function setNotifyPrefs(next: Partial<NotifyPrefs>): void {
  prefs = { ...getNotifyPrefs(), ...next };
  try {
    localStorage.setItem(PREFS_KEY, JSON.stringify(prefs));
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  prefListeners.forEach((l) => l());
}

export type DesktopPermission = NotificationPermission | 'unsupported';

export function desktopPermission(): DesktopPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks for the permission; call it from a click. */
export async function requestDesktopPermission(): Promise<DesktopPermission> {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission !== 'default') return Notification.permission;
  try {
    return await Notification.requestPermission();
  } catch {
    return Notification.permission;
  }
}

/**
 * Whether an event about `conversationId` deserves a notification: not while the person looks at that very
 * conversation in a visible tab.
 */
export function shouldNotify(conversationId: string, openConversationId: string | null, pageHidden: boolean): boolean {
  return pageHidden || conversationId !== openConversationId;
}

export function showDesktopNotification(title: string, body: string, tag: string, onClick: () => void): void {
  if (desktopPermission() !== 'granted') return;
  try {
    const n = new Notification(title, { body, tag });
    n.onclick = () => {
      window.focus();
      onClick();
      n.close();
    };
  } catch {
    // Some browsers (Android Chrome) only notify from a service worker: the sound still plays.
  }
}

let audio: AudioContext | null = null;

function audioContext(): AudioContext | null {
  if (audio) return audio;
  const Ctor = typeof window !== 'undefined' ? window.AudioContext : undefined;
  if (!Ctor) return null;
  try {
    audio = new Ctor();
  } catch {
    return null;
  }
  return audio;
}

/** Resumes the audio context; browsers only allow it during a click or key press. */
export function unlockSound(): void {
  const ctx = audioContext();
  if (ctx?.state === 'suspended') void ctx.resume().catch(() => undefined);
}

/** Two short rising notes. Silent when audio is not unlocked yet. */
export function playChime(): void {
  const ctx = audioContext();
  if (!ctx || ctx.state !== 'running') return;
  const start = ctx.currentTime;
  [
    [880, 0],
    [1318.5, 0.12],
  ].forEach(([frequency = 880, offset = 0]) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = frequency;
    const t = start + offset;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.18, t + 0.015);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.28);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t);
    osc.stop(t + 0.3);
  });
}
