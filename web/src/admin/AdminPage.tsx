import { ClusterPanel } from './ClusterPanel.tsx';
import { DeadLetterPanel } from './DeadLetterPanel.tsx';
import { MaintenancePanel } from './MaintenancePanel.tsx';
import { StatsPanel } from './StatsPanel.tsx';
import { UsersPanel } from './UsersPanel.tsx';
import { VideosByStatusPanel } from './VideosByStatusPanel.tsx';

export default function AdminPage() {
  return (
    <section className="admin">
      <h1>Admin console</h1>
      <StatsPanel />
      <DeadLetterPanel />
      <UsersPanel />
      <VideosByStatusPanel />
      <ClusterPanel />
      <MaintenancePanel />
    </section>
  );
}
