import { lazy, Suspense, type ComponentType } from 'react';
import { Redirect, Route, Switch } from 'wouter';
import { AuthProvider, useAuth } from './auth/auth-context.tsx';
import { Layout } from './components/Layout.tsx';
import LoginPage from './pages/LoginPage.tsx';

// Every page but the first is its own chunk; the player (and hls.js) load only on a video page.
const SignUpPage = lazy(() => import('./pages/SignUpPage.tsx'));
const ConfirmPage = lazy(() => import('./pages/ConfirmPage.tsx'));
const ForgotPasswordPage = lazy(() => import('./pages/ForgotPasswordPage.tsx'));
const ResetPasswordPage = lazy(() => import('./pages/ResetPasswordPage.tsx'));
const LibraryPage = lazy(() => import('./pages/LibraryPage.tsx'));
const UploadPage = lazy(() => import('./pages/UploadPage.tsx'));
const VideoPage = lazy(() => import('./pages/VideoPage.tsx'));
const WebhooksPage = lazy(() => import('./pages/WebhooksPage.tsx'));
const AdminPage = lazy(() => import('./admin/AdminPage.tsx'));

export function App() {
  return (
    <AuthProvider>
      <Layout>
        <Suspense fallback={<p role="status">Loading…</p>}>
          <Routes />
        </Suspense>
      </Layout>
    </AuthProvider>
  );
}

function Routes() {
  const { state } = useAuth();
  if (state.status === 'restoring') return <p role="status">Loading…</p>;
  const signedIn = state.status === 'signed-in';
  const isAdmin = signedIn && state.me.groups.includes('admin');
  const member = (Page: ComponentType) => (signedIn ? <Page /> : <Redirect to="/login" />);
  return (
    <Switch>
      <Route path="/login" component={LoginPage} />
      <Route path="/signup" component={SignUpPage} />
      <Route path="/confirm" component={ConfirmPage} />
      <Route path="/forgot-password" component={ForgotPasswordPage} />
      <Route path="/reset-password" component={ResetPasswordPage} />
      <Route path="/">{member(LibraryPage)}</Route>
      <Route path="/upload">{member(UploadPage)}</Route>
      <Route path="/webhooks">{member(WebhooksPage)}</Route>
      <Route path="/videos/:id">
        {(params) => (signedIn ? <VideoPage id={params.id} /> : <Redirect to="/login" />)}
      </Route>
      <Route path="/admin">{isAdmin ? <AdminPage /> : <NotAllowed />}</Route>
      <Route>
        <NotFound />
      </Route>
    </Switch>
  );
}

function NotAllowed() {
  return (
    <section>
      <h1>Not allowed</h1>
      <p>The admin console is for the admin group.</p>
    </section>
  );
}

function NotFound() {
  return (
    <section>
      <h1>Page not found</h1>
    </section>
  );
}
