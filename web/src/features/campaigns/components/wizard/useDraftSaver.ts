import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { campaignsApi } from '../../api';
import { toCampaignInput, type WizardForm } from '../../form';
import { campaignKeys } from '../../hooks';
import type { Campaign } from '../../types';

export type SaveState = 'idle' | 'saving' | 'saved' | 'error';

/**
 * Saves the draft (the whole CampaignInput, PATCH) one save at a time, skipping a save when nothing changed since
 * the last one. `save` resolves with the saved campaign (null when there was nothing to save) or rejects with the
 * API's error, which `error` also holds until the next save succeeds.
 */
export function useDraftSaver(id: string | null) {
  const qc = useQueryClient();
  const last = useRef<string | null>(null);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const [state, setState] = useState<SaveState>('idle');
  const [error, setError] = useState<unknown>(null);

  /** What was loaded (or created) counts as saved. */
  const markSaved = useCallback((form: WizardForm) => {
    last.current = JSON.stringify(toCampaignInput(form));
  }, []);

  const save = useCallback(
    (form: WizardForm): Promise<Campaign | null> => {
      if (!id) return Promise.resolve(null);
      const body = toCampaignInput(form);
      const key = JSON.stringify(body);
      const run = chain.current.then(async () => {
        if (key === last.current) return null;
        setState('saving');
        try {
          const saved = await campaignsApi.save({ id, body });
          last.current = key;
          qc.setQueryData(campaignKeys.one(id), saved);
          void qc.invalidateQueries({ queryKey: campaignKeys.lists });
          setError(null);
          setState('saved');
          return saved;
        } catch (e) {
          setError(e);
          setState('error');
          throw e;
        }
      });
      chain.current = run.catch(() => undefined);
      return run;
    },
    [id, qc],
  );

  return { save, markSaved, state, error };
}
