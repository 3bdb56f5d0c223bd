import { useState } from 'react';
import { deadLetters, redrive } from '../api/admin.ts';
import type { RedriveResult } from '../api/types.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useAction } from '../components/use-action.ts';
import { usePolling } from '../components/use-polling.ts';

export function DeadLetterPanel() {
  const { data, error, reload } = usePolling(deadLetters, () => true, 3000, []);
  const [result, setResult] = useState<RedriveResult>();
  const action = useAction(async (messageIds: string[]) => {
    setResult(await redrive(messageIds));
    reload();
  });
  const items = data?.items ?? [];
  return (
    <section aria-labelledby="dlq-title">
      <h2 id="dlq-title">Dead-lettered jobs</h2>
      <ErrorMessage error={error ?? action.error} />
      {data && items.length === 0 && <p>No dead-lettered jobs.</p>}
      {items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Video</th>
              <th scope="col">Owner</th>
              <th scope="col">Quality</th>
              <th scope="col">Receives</th>
              <th scope="col">Reason</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {items.map((dead) => (
              <tr key={dead.messageId}>
                <td>{dead.job?.videoId ?? dead.problem ?? '–'}</td>
                <td>{dead.owner?.email ?? dead.owner?.userId ?? '–'}</td>
                <td>{dead.job?.quality ?? '–'}</td>
                <td>{dead.receiveCount}</td>
                <td>{dead.failure ? `${dead.failure.message} (${dead.failure.code})` : '–'}</td>
                <td>
                  <button
                    type="button"
                    disabled={action.pending}
                    onClick={() => void action.run([dead.messageId])}
                    aria-label={`Redrive job of video ${dead.job?.videoId ?? dead.messageId}`}
                  >
                    Redrive
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result && (
        <p role="status">
          Redriven: {result.redriven.length}, dropped: {result.dropped.length}, skipped:{' '}
          {result.skipped.length}
        </p>
      )}
    </section>
  );
}
