import { useLocation, useParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { useRequest, useRequestsRefresh } from './requests.api.ts';

/**
 * The request of the page's `:id`, read again every 30 s; whether it was just sent (the form navigates
 * here with `{ created: true }`); and whether the server answered 404 (missing, or another customer's).
 */
export function useRequestPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const query = useRequest(id);
  useRequestsRefresh();
  return {
    query,
    created: (location.state as { created?: boolean } | null)?.created === true,
    notFound: isApiError(query.error) && query.error.status === 404,
  };
}
