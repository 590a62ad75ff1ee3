import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Icon } from '../../../components/ui';
import { cn } from '../../../lib/cn';

/**
 * The small tag of a conversation a campaign started or was answered for (the inbox's list and header); a link to
 * the campaign where the person may open it (`linked`).
 */
export function CampaignTag({ id, name, linked = false, className }: { id?: string | null; name: string; linked?: boolean; className?: string }) {
  const { t } = useTranslation();
  const classes = cn(
    'inline-flex max-w-[12rem] min-w-0 items-center gap-1 rounded-full bg-accent-50 px-2 py-0.5 text-xs font-medium text-accent-800 ring-1 ring-accent-600/20 ring-inset',
    className,
  );
  const content = (
    <>
      <Icon name="megaphone" className="size-3 shrink-0" />
      <span className="truncate" dir="auto">
        {name}
      </span>
    </>
  );
  const title = t('conversations.campaignTag', { name });
  if (linked && id) {
    return (
      <Link to={`/app/campaigns/${id}`} className={cn(classes, 'hover:bg-accent-100')} title={title} data-testid="conversation-campaign" data-campaign-id={id}>
        {content}
      </Link>
    );
  }
  return (
    <span className={classes} title={title} data-testid="conversation-campaign" data-campaign-id={id ?? undefined}>
      {content}
    </span>
  );
}
