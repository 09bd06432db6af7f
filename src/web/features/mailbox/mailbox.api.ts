import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { usePagedList } from '../../api/paged.ts';
import type { MailboxItem, MailboxMessage } from '../../api/types.ts';

export const mailboxKey = ['mailbox'] as const;

/** GET /mailbox (admin): messages sent to the local mailbox, newest first, optionally to one address. */
export const useMailbox = (to: string) => usePagedList<MailboxItem>(mailboxKey, '/mailbox', { to });

/** GET /mailbox/{id} (admin): one message with its text and HTML parts. */
export const useMailboxMessage = (id: string) =>
  useQuery({
    queryKey: [...mailboxKey, 'message', id],
    queryFn: ({ signal }) => api<MailboxMessage>(`/mailbox/${encodeURIComponent(id)}`, { signal }),
  });
