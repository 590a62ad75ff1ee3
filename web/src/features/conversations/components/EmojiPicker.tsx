import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconButton, Popover } from '../../../components/ui';
import { EMOJI } from '../composer';

/** A button opening a small grid of common emoji; a choice is inserted where the caret is. */
export function EmojiPicker({ onPick, disabled }: { onPick: (emoji: string) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      placement="top"
      testId="emoji-picker"
      label={t('conversations.composer.emoji')}
      panelClassName="w-72"
      trigger={
        <IconButton
          icon="smile"
          label={t('conversations.composer.emoji')}
          onClick={() => setOpen((o) => !o)}
          disabled={disabled}
          aria-expanded={open}
          data-testid="composer-emoji"
        />
      }
    >
      <div className="grid grid-cols-8 gap-0.5 p-1">
        {EMOJI.map((e) => (
          <button
            key={e}
            type="button"
            onMouseDown={(ev) => ev.preventDefault()}
            onClick={() => {
              onPick(e);
              setOpen(false);
            }}
            className="flex size-8 items-center justify-center rounded-lg text-lg hover:bg-slate-100"
            data-testid="emoji-option"
          >
            {e}
          </button>
        ))}
      </div>
    </Popover>
  );
}
