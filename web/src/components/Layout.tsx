import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { useAuth } from '../auth/auth-context.tsx';

export function Layout({ children }: { children: ReactNode }) {
  const { state, logOut } = useAuth();
  const [, navigate] = useLocation();
  const me = state.status === 'signed-in' ? state.me : undefined;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <Link href="/" className="brand">
          VideoForge
        </Link>
        <nav aria-label="Main">
          {me ? (
            <ul>
              <li>
                <Link href="/">Library</Link>
              </li>
              <li>
                <Link href="/upload">Upload</Link>
              </li>
              <li>
                <Link href="/webhooks">Webhooks</Link>
              </li>
              {me.groups.includes('admin') && (
                <li>
                  <Link href="/admin">Admin</Link>
                </li>
              )}
              <li>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => void logOut().finally(() => navigate('/login'))}
                >
                  Log out
                </button>
              </li>
            </ul>
          ) : (
            <ul>
              <li>
                <Link href="/login">Log in</Link>
              </li>
              <li>
                <Link href="/signup">Sign up</Link>
              </li>
            </ul>
          )}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
