import { listDeliveries } from '../../api/webhooks.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDate } from '../../components/format.ts';
import { usePolling } from '../../components/use-polling.ts';

export function DeliveryLog({ webhookId }: { webhookId: string }) {
  const { data, error } = usePolling(
    () => listDeliveries(webhookId),
    (page) => page.items.some((d) => d.status === 'PENDING' || d.status === 'RETRYING'),
    2000,
    [webhookId],
  );
  return (
    <div>
      <ErrorMessage error={error} />
      <table>
        <caption>Recent deliveries</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last answer</th>
            <th scope="col">When</th>
          </tr>
        </thead>
        <tbody>
          {data?.items.map((d) => (
            <tr key={d.id}>
              <td>{d.event}</td>
              <td>{d.status}</td>
              <td>{d.attempts}</td>
              <td>{d.lastStatusCode ?? d.lastError ?? '–'}</td>
              <td>{formatDate(d.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
