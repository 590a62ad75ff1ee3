//! The builder saves its draft by itself: a PUT a moment after the last change (never two at once), a "Saving…",
//! "Saved" or "Unsaved" state for the toolbar, a warning before leaving with changes not saved, and `flush()` for
//! what needs the server to have the draft first (publishing, a test run).
import { useCallback, useEffect, useRef, useState } from 'react';
import { flowsApi } from '../api';
import { toSaved } from '../graph';
import type { Flow } from '../types';
import type { EditorState } from './store';

export const SAVE_DELAY_MS = 800;

export type SaveStatus = 'saved' | 'saving' | 'unsaved' | 'error';

export function saveBody(s: Pick<EditorState, 'history' | 'meta'>) {
  return {
    name: s.meta.name.trim() || s.meta.name,
    description: s.meta.description.trim() || null,
    trigger: s.meta.trigger,
    draft: toSaved(s.history.present),
  };
}

export function useAutosave(flowId: string, state: EditorState, onSaved: (flow: Flow) => void, enabled = true) {
  const [savedRev, setSavedRev] = useState(0);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const latest = useRef(state);
  const inFlight = useRef<Promise<void> | null>(null);
  const savedRef = useRef(0);
  const onSavedRef = useRef(onSaved);

  useEffect(() => {
    latest.current = state;
    onSavedRef.current = onSaved;
  });

  /** Saves what the editor holds now, after any save already under way. */
  const saveNow = useCallback(async (): Promise<void> => {
    while (inFlight.current) await inFlight.current;
    const s = latest.current;
    if (s.rev === savedRef.current) return;
    const rev = s.rev;
    setSaving(true);
    const job = flowsApi
      .save({ id: flowId, body: saveBody(s) })
      .then((flow) => {
        savedRef.current = rev;
        setSavedRev(rev);
        setError(null);
        onSavedRef.current(flow);
      })
      .catch((e: unknown) => setError(e))
      .finally(() => {
        inFlight.current = null;
        setSaving(false);
      });
    inFlight.current = job;
    await job;
  }, [flowId]);

  useEffect(() => {
    if (!enabled || state.rev === savedRef.current) return;
    const timer = window.setTimeout(() => void saveNow(), SAVE_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [enabled, state.rev, saveNow]);

  const dirty = state.rev !== savedRev;
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  /** Resolves once the server has everything changed so far; throws the save's error. */
  const flush = useCallback(async () => {
    await saveNow();
    if (latest.current.rev !== savedRef.current) throw new Error('not saved');
  }, [saveNow]);

  const status: SaveStatus = saving ? 'saving' : error ? 'error' : dirty ? 'unsaved' : 'saved';
  return { status, error, flush, retry: saveNow };
}
