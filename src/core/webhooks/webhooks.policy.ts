import { providerWith } from '../authz.ts';

/** Only admins manage webhooks: a subscription sends the firm's data to any URL it names. */
export const canManageWebhooks = providerWith('admin');
export const forbiddenWebhooks = 'Only administrators manage webhooks.';
