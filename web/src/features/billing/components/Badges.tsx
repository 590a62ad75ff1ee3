import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../../components/ui';

const STATUS_TONE: Record<string, BadgeTone> = {
  trialing: 'primary',
  active: 'success',
  past_due: 'danger',
  unpaid: 'danger',
  incomplete: 'warning',
  incomplete_expired: 'neutral',
  paused: 'warning',
  canceled: 'neutral',
  none: 'neutral',
};

const STATUSES = ['trialing', 'active', 'past_due', 'unpaid', 'incomplete', 'incomplete_expired', 'paused', 'canceled', 'none'] as const;
type Status = (typeof STATUSES)[number];
const isStatus = (s: string): s is Status => (STATUSES as readonly string[]).includes(s);

/** A subscription's status (trialing, active, past due...). */
export function SubscriptionStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge tone={STATUS_TONE[status] ?? 'neutral'} dot>
      {isStatus(status) ? t(`billing.status.${status}`) : status}
    </Badge>
  );
}

/** A workspace's access when it is not plain `ok`: past due, restricted, suspended. */
export function AccessBadge({ access }: { access: string }) {
  const { t } = useTranslation();
  if (access === 'restricted' || access === 'suspended') return <Badge tone="danger">{t(`billing.access.${access}`)}</Badge>;
  return null;
}

const INVOICE_TONE: Record<string, BadgeTone> = { paid: 'success', open: 'warning', draft: 'neutral', uncollectible: 'danger', void: 'neutral' };
const INVOICE_STATUSES = ['paid', 'open', 'draft', 'uncollectible', 'void'] as const;
type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
const isInvoiceStatus = (s: string): s is InvoiceStatus => (INVOICE_STATUSES as readonly string[]).includes(s);

export function InvoiceStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Badge tone={INVOICE_TONE[status] ?? 'neutral'}>{isInvoiceStatus(status) ? t(`billing.invoices.status.${status}`) : status}</Badge>;
}
