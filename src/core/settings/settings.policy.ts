import { providerWith } from '../authz.ts';

/** Who may read and change the firm-wide settings. */
export const settingsPolicy = {
  /** Provider staff read them (they shape intake and EWOs). */
  read: providerWith('admin', 'ir_manager', 'account_manager', 'consultant'),
  /** Only administrators change them; every change is audited with a reason. */
  update: providerWith('admin'),
};
