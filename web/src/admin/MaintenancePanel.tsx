import { maintenance } from '../api/admin.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { formatDate } from '../components/format.ts';
import { usePolling } from '../components/use-polling.ts';

export function MaintenancePanel() {
  const { data, error } = usePolling(maintenance, () => false, 0, []);
  return (
    <section aria-labelledby="maintenance-title">
      <h2 id="maintenance-title">Maintenance runs</h2>
      <ErrorMessage error={error} />
      {data && (
        <table>
          <thead>
            <tr>
              <th scope="col">Task</th>
              <th scope="col">Outcome</th>
              <th scope="col">Started</th>
              <th scope="col">Finished</th>
            </tr>
          </thead>
          <tbody>
            {data.runs.map((run, i) => (
              <tr key={run.runId ?? `${run.task}-${i}`}>
                <td>{run.task}</td>
                <td>{run.error ?? run.outcome}</td>
                <td>{formatDate(run.startedAt)}</td>
                <td>{formatDate(run.finishedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
