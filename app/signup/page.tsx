import type { Metadata } from 'next';
import { SignUpForm } from './signup-form';

export const metadata: Metadata = { title: 'Sign up · Tributary' };

export default function SignUpPage() {
  return (
    <main className="auth-page">
      <h1>Create your Tributary account</h1>
      <p className="muted">You get a personal workspace for your DAGs.</p>
      <SignUpForm />
      <p>Already have an account? <a href="/login">Log in</a></p>
    </main>
  );
}
