import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, type ButtonProps } from './Button';
import { Icon } from './Icon';

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return;
    } catch {
      // fall through to the textarea trick (insecure origins, denied permission)
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

export function CopyButton({ value, variant = 'outline', ...rest }: { value: string } & Omit<ButtonProps, 'onClick' | 'children'>) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const id = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(id);
  }, [copied]);
  return (
    <Button variant={variant} onClick={() => void copyText(value).then(() => setCopied(true))} {...rest}>
      <Icon name={copied ? 'check' : 'copy'} className="size-4" />
      {copied ? t('common.copied') : t('common.copy')}
    </Button>
  );
}
