import { clusterView } from '../api/admin.ts';
import { ApiError } from '../api/errors.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { usePolling } from '../components/use-polling.ts';

export function ClusterPanel() {
  const { data, error } = usePolling(clusterView, () => false, 0, []);
  const unavailable = error instanceof ApiError && error.status === 503;
  return (
    <section aria-labelledby="cluster-title">
      <h2 id="cluster-title">Cluster</h2>
      {unavailable ? (
        <p className="notice" role="status">
          Cluster view unavailable: {error.message}
        </p>
      ) : (
        <ErrorMessage error={error} />
      )}
      {data && (
        <table>
          <caption>Deployments in {data.namespace}</caption>
          <thead>
            <tr>
              <th scope="col">Deployment</th>
              <th scope="col">Ready / desired</th>
            </tr>
          </thead>
          <tbody>
            {data.deployments.map((d) => (
              <tr key={d.name}>
                <td>{d.name}</td>
                <td>
                  {d.readyReplicas} / {d.desiredReplicas}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data?.scaledObjects.map((s) => (
        <p key={s.name}>
          Autoscaler {s.name}: {s.paused ? 'paused' : s.active ? 'active' : 'idle'}
        </p>
      ))}
    </section>
  );
}
