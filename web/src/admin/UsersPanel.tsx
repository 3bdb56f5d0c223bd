import { adminUsers } from '../api/admin.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { formatBytes } from '../components/format.ts';
import { usePolling } from '../components/use-polling.ts';

export function UsersPanel() {
  const { data, error } = usePolling(adminUsers, () => false, 0, []);
  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      <ErrorMessage error={error} />
      <table>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Groups</th>
            <th scope="col">Videos</th>
            <th scope="col">Storage</th>
          </tr>
        </thead>
        <tbody>
          {data?.items.map((user) => (
            <tr key={user.userId}>
              <td>{user.email ?? user.userId}</td>
              <td>{user.groups.join(', ') || '–'}</td>
              <td>{user.videoCount}</td>
              <td>{formatBytes(user.storageBytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
