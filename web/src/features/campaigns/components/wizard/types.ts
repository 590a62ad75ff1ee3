import type { WizardForm } from '../../form';
import type { ChosenTemplate } from '../../template';
import type { Campaign } from '../../types';

/** What every step of the wizard gets. */
export interface StepProps {
  form: WizardForm;
  update: (patch: Partial<WizardForm>) => void;
  /** The saved draft (null only on the name step of a new campaign). */
  campaign: Campaign | null;
  /** The chosen template, from the number's templates or the draft's snapshot. */
  template: ChosenTemplate | null;
  /** Messages of the last save's 422 by field (`name`, `headerMediaUrl`, `variables.0.value`...). */
  fieldErrors: Record<string, string>;
}
