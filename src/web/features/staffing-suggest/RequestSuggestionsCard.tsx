import { Card, Text, Title } from '@mantine/core';
import { DateTime } from '../../components/DateTime.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useRequestWorkOrder } from '../workorders/workorders.api.ts';
import { SuggestionList } from './SuggestionsCard.tsx';
import { useOncallNow, useStaffingSuggestions } from './suggest.api.ts';

/** Who holds the pager now, in one line (the on-call responder was paged when the request came in). */
function OncallLine() {
  const q = useOncallNow();
  if (q.error) return <ErrorAlert error={q.error} title="Could not load the on-call rota" />;
  if (!q.data) return null;
  const now = q.data.current;
  return (
    <Text size="sm" mb="xs" aria-label="On call">
      {now.length ? (
        now.map((s, i) => (
          <span key={s.id}>
            {i ? '; ' : 'On call: '}
            <b>{s.name}</b> ({s.rotaName}) until <DateTime value={s.end} />
          </span>
        ))
      ) : (
        <b>Nobody is on call now: every IR manager was told.</b>
      )}
    </Text>
  );
}

/**
 * An emergency request before any EWO exists: the on-call responder and the consultants ranked for it (skills
 * of the incident type, availability now, zone, distance to the site, load), each with its reasons.
 */
export function RequestSuggestionsCard({ requestId }: { requestId: string }) {
  const wo = useRequestWorkOrder(requestId);
  const noWorkOrder = wo.isSuccess && wo.data === null;
  const q = useStaffingSuggestions('requests', requestId, noWorkOrder);
  if (!noWorkOrder) return null;
  return (
    <Card component="section" aria-labelledby="request-suggestions-heading" withBorder>
      <Title order={2} fz="h4" mb="xs" id="request-suggestions-heading">
        Who can respond
      </Title>
      <OncallLine />
      {q.error ? <ErrorAlert error={q.error} title="Could not load the suggestions" /> : null}
      {q.isPending ? <Text size="sm">Ranking the consultants…</Text> : null}
      {q.data ? <SuggestionList data={q.data} /> : null}
    </Card>
  );
}
