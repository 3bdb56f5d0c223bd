import { adminStats } from '../api/admin.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { formatBytes } from '../components/format.ts';
import { usePolling } from '../components/use-polling.ts';
import { BarChart } from './BarChart.tsx';

export function StatsPanel() {
  const { data, error } = usePolling(adminStats, () => true, 5000, []);
  return (
    <section aria-labelledby="stats-title">
      <h2 id="stats-title">Stats</h2>
      <ErrorMessage error={error} />
      {data && (
        <>
          <dl className="stats">
            <dt>Videos</dt>
            <dd>{data.totalVideos}</dd>
            <dt>Storage</dt>
            <dd>{formatBytes(data.storageBytes)}</dd>
            <dt>Jobs (last hour)</dt>
            <dd>
              {data.jobs.lastHour.done} done, {data.jobs.lastHour.failed} failed
            </dd>
            <dt>Jobs queue</dt>
            <dd>
              {data.queues.jobs.visible} waiting, {data.queues.jobs.inFlight} running
            </dd>
            <dt>Dead letters</dt>
            <dd>{data.queues.dlq.visible}</dd>
          </dl>
          <BarChart
            title="Videos by status"
            bars={Object.entries(data.videosByStatus).map(([label, value]) => ({ label, value }))}
          />
        </>
      )}
    </section>
  );
}
